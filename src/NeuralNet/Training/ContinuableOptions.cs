using NeuralNet.Schedules;

namespace NeuralNet.Training;

/// <summary>Which options a continued run may change (<see cref="Trainer.ContinueWith"/>) and which make it another run.</summary>
internal static class ContinuableOptions
{
    /// <summary>The names of the options that differ between <paramref name="current"/> and <paramref name="next"/> and that a run cannot change.</summary>
    public static string[] Conflicts(TrainerOptions current, TrainerOptions next)
    {
        var conflicts = new List<string>();
        if (current.BatchSize != next.BatchSize)
        {
            conflicts.Add($"BatchSize ({current.BatchSize}, not {next.BatchSize})");
        }

        if (current.Shuffle != next.Shuffle)
        {
            conflicts.Add($"Shuffle ({current.Shuffle}, not {next.Shuffle})");
        }

        if (current.Seed != next.Seed)
        {
            conflicts.Add($"Seed ({current.Seed}, not {next.Seed})");
        }

        if (current.WeightDecay != next.WeightDecay)
        {
            conflicts.Add(FormattableString.Invariant($"WeightDecay ({current.WeightDecay}, not {next.WeightDecay})"));
        }

        if (current.GradientClipNorm != next.GradientClipNorm)
        {
            conflicts.Add(FormattableString.Invariant($"GradientClipNorm ({current.GradientClipNorm?.ToString() ?? "none"}, not {next.GradientClipNorm?.ToString() ?? "none"})"));
        }

        if (!SameSchedule(current.Schedule, next.Schedule))
        {
            conflicts.Add($"Schedule ({current.Schedule}, not {next.Schedule})");
        }

        return [.. conflicts];
    }

    // The same object, or one of the same kind with the same settings (and, for an adaptive one, the same memory).
    private static bool SameSchedule(LearningRateSchedule a, LearningRateSchedule b) =>
        ReferenceEquals(a, b)
        || (a.GetType() == b.GetType() && ScheduleKinds.For(a) is { } kind && kind.SettingsOf(a).SequenceEqual(kind.SettingsOf(b)));
}
