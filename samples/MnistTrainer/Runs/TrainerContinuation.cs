using System.Reflection;
using NeuralNet.Training;

namespace MnistTrainer.Runs;

/// <summary>The one place the CLI changes the options of a run loaded from a checkpoint: how long it goes on, early stopping, and where its checkpoints go.</summary>
/// <remarks>
/// <para>The library's API for this is <c>Trainer.ContinueWith(TrainerOptions options)</c>: it checks that only the
/// continuable options differ (<see cref="Continuable"/>), throws an <see cref="ArgumentException"/> naming every
/// other one that does, and applies them. <b>Until it is in the library, <see cref="Continue"/> does the same
/// through reflection on the trainer's private state</b> (its <c>Options</c> backing field, and the finished flag of
/// its state when the run is given more epochs); the switch is to replace the body of <see cref="Continue"/> by
/// <c>trainer.ContinueWith(options)</c> and delete everything below it. If the library's internals change first,
/// <see cref="Continue"/> throws an <see cref="InvalidOperationException"/> that says so, and the resume tests fail.</para>
/// <para>Without it, a resumed run kept the checkpoint's own <c>CheckpointPath</c>, and wrote its checkpoints into the
/// original run's folder, over the original run's files.</para>
/// </remarks>
internal static class TrainerContinuation
{
    /// <summary>The options a continued run may change.</summary>
    public static readonly IReadOnlyList<string> Continuable =
    [
        nameof(TrainerOptions.Epochs),
        nameof(TrainerOptions.Iterations),
        nameof(TrainerOptions.EarlyStopping),
        nameof(TrainerOptions.CheckpointEvery),
        nameof(TrainerOptions.CheckpointPath),
        nameof(TrainerOptions.LossExplosionFactor),
    ];

    /// <summary>Continues <paramref name="trainer"/>'s run with <paramref name="options"/>, which may differ from its own only in <see cref="Continuable"/>.</summary>
    /// <exception cref="ArgumentException">Another option differs; the message names each.</exception>
    /// <exception cref="InvalidOperationException">The library's internals are not what this interim code expects.</exception>
    public static void Continue(Trainer trainer, TrainerOptions options)
    {
        // When the library has it: trainer.ContinueWith(options); and delete the rest of this class below Continuable.
        string[] differing = [.. Differences(trainer.Options, options).Where(name => !Continuable.Contains(name))];
        if (differing.Length > 0)
        {
            throw new ArgumentException($"A continued run can change only {string.Join(", ", Continuable)}; these differ from the checkpoint's: {string.Join(", ", differing)}.", nameof(options));
        }

        options.Validate();
        SetPrivate(trainer, "<Options>k__BackingField", options);
        bool more = options.Iterations is long iterations ? trainer.CompletedIterations < iterations : trainer.CompletedEpochs < options.Epochs;
        if (trainer.IsFinished && more && trainer.History.StopReason is StopReason.Completed or StopReason.EarlyStopped)
        {
            object state = GetPrivate(trainer, "_state");
            PropertyInfo finished = state.GetType().GetProperty("IsFinished", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                ?? throw Changed("TrainingState.IsFinished");
            finished.SetValue(state, false);
        }
    }

    /// <summary>The names of the options whose values differ.</summary>
    internal static IEnumerable<string> Differences(TrainerOptions before, TrainerOptions after) =>
        typeof(TrainerOptions).GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .Where(p => !Equals(p.GetValue(before), p.GetValue(after)))
            .Select(p => p.Name);

    private static object GetPrivate(object target, string field) =>
        (target.GetType().GetField(field, BindingFlags.Instance | BindingFlags.NonPublic) ?? throw Changed(field)).GetValue(target)
            ?? throw Changed(field);

    private static void SetPrivate(object target, string field, object value) =>
        (target.GetType().GetField(field, BindingFlags.Instance | BindingFlags.NonPublic) ?? throw Changed(field)).SetValue(target, value);

    private static InvalidOperationException Changed(string member) =>
        new($"Trainer has no {member} any more: switch Runs/TrainerContinuation.Continue to Trainer.ContinueWith.");
}
