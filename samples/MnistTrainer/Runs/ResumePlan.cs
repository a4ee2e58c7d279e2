using System.Globalization;
using MnistTrainer.Options;
using NeuralNet.Activations;
using NeuralNet.Layers;
using NeuralNet.Optimizers;
using NeuralNet.Schedules;
using NeuralNet.Training;

namespace MnistTrainer.Runs;

/// <summary>What a resumed run does with the options on its command line: those that say how the run was built must agree with the checkpoint; those that say how long it goes on take effect.</summary>
/// <remarks>
/// <para>Only the options given on the command line are compared (the rest come from the checkpoint), so the
/// command line that stopped the run, which the CLI prints on Ctrl+C, resumes it unchanged. Every disagreement is
/// named, all at once: the architecture (<c>--layers</c> or <c>--model</c>, <c>--activation</c>, <c>--dropout</c>), the optimizer and
/// its rate (<c>--optimizer</c>, <c>--lr</c>), <c>--schedule</c>, <c>--weight-decay</c>, <c>--batch-size</c> and
/// <c>--seed</c>. The data is compared by the trainer itself, which keeps a fingerprint of the training set (so
/// <c>--data</c>, <c>--train</c> and <c>--validation</c>, which decides the split, must select the same samples).
/// <c>--init</c> cannot disagree: the checkpoint's trained weights replace any initialization.</para>
/// <para><c>--epochs</c>, <c>--iterations</c>, <c>--early-stopping</c> and <c>--checkpoint-every</c> change the run;
/// its checkpoints go to the new output folder. A schedule fitted to the original length (a cosine without a
/// <c>period=</c>) cannot follow a new length without changing the epochs already trained; <see cref="ScheduleNote"/>
/// says so.</para>
/// </remarks>
internal static class ResumePlan
{
    /// <summary>The options that contradict <paramref name="trainer"/>'s checkpoint, each as <c>--layers 32 (the checkpoint's run has 16)</c>.</summary>
    public static IReadOnlyList<string> Conflicts(Trainer trainer, TrainingSettings settings, int trainCount)
    {
        var conflicts = new List<string>();
        TrainerOptions options = trainer.Options;
        void Check(string option, bool agrees, string given, string theirs)
        {
            if (settings.Given.Contains(option) && !agrees)
            {
                conflicts.Add($"{option} {given} (the checkpoint's run has {theirs})");
            }
        }

        string hidden = LayerSpec.Describe(NetworkLayers.Hidden(trainer.Network));
        string asked = LayerSpec.Describe(settings.Layers);
        Check("--layers", asked == hidden, asked, hidden.Length == 0 ? "none" : hidden);
        Check("--model", asked == hidden, settings.Model, $"--layers {(hidden.Length == 0 ? "none" : hidden)}");
        if (NetworkLayers.HiddenActivation(trainer.Network) is { } theirs)
        {
            string activation = Activation.FromName(settings.Activation).Name;
            Check("--activation", activation == theirs.Name, settings.Activation, theirs.Name);
        }

        float dropout = trainer.Network.Layers.OfType<Dropout>().Select(d => d.Rate).FirstOrDefault();
        Check("--dropout", dropout == settings.Dropout, Show(settings.Dropout), Show(dropout));

        string optimizer = Optimizer.FromName(settings.Optimizer, 1f).Name;
        Check("--optimizer", optimizer == trainer.Optimizer.Name, settings.Optimizer, trainer.Optimizer.Name);
        if (FirstEpochRate(trainer) is float first)
        {
            float expected = FirstRate(options.Schedule, settings.LearningRate);
            bool agrees = Math.Abs(expected - first) <= 1e-6f * Math.Max(Math.Abs(first), float.Epsilon);
            Check("--lr", agrees, Show(settings.LearningRate), $"a first-epoch rate of {Show(first)}");
        }

        if (settings.Given.Contains("--schedule"))
        {
            string schedule;
            try
            {
                schedule = LearningRateSchedule.Parse(settings.Schedule, TrainerFactory.EpochsOf(options, trainCount)).ToString();
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--schedule {settings.Schedule}: {Messages.WithoutParameter(e)}", e);
            }

            Check("--schedule", schedule == options.Schedule.ToString(), settings.Schedule, options.Schedule.ToString());
        }

        Check("--weight-decay", settings.WeightDecay == options.WeightDecay, Show(settings.WeightDecay), Show(options.WeightDecay));
        Check("--batch-size", settings.BatchSize == options.BatchSize, Batch(settings.BatchSize), Batch(options.BatchSize));
        Check("--seed", settings.Seed == options.Seed, Show(settings.Seed), Show(options.Seed));
        return conflicts;
    }

    /// <summary>The options the resumed run continues with: the checkpoint's, with the length, early stopping and checkpoints the command line asks for.</summary>
    /// <exception cref="UsageException">The run has already trained longer than asked.</exception>
    public static TrainerOptions ContinuedOptions(Trainer trainer, TrainingSettings settings, bool hasValidation, string outputFolder)
    {
        TrainerOptions options = trainer.Options;
        bool epochsGiven = settings.Given.Contains("--epochs");
        bool iterationsGiven = settings.Given.Contains("--iterations");
        if (epochsGiven && settings.Epochs < trainer.CompletedEpochs)
        {
            throw new UsageException($"--epochs {settings.Epochs}: the checkpoint's run has already completed {trainer.CompletedEpochs} epochs; give at least that many.");
        }

        if (iterationsGiven && settings.Iterations < trainer.CompletedIterations)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--iterations {settings.Iterations}: the checkpoint's run has already completed {trainer.CompletedIterations} batches; give at least that many."));
        }

        EarlyStopping? early = options.EarlyStopping;
        if (settings.Given.Contains("--early-stopping"))
        {
            early = settings.EarlyStoppingPatience is int patience && hasValidation ? new EarlyStopping(patience) : null;
        }

        return options with
        {
            Epochs = epochsGiven ? settings.Epochs : options.Epochs,
            Iterations = iterationsGiven ? settings.Iterations : epochsGiven ? null : options.Iterations,
            EarlyStopping = early,
            CheckpointEvery = settings.Given.Contains("--checkpoint-every") ? settings.CheckpointEvery : options.CheckpointEvery,
            CheckpointPath = Path.Combine(outputFolder, TrainerFactory.CheckpointPattern),
        };
    }

    /// <summary>A note when the run's new length cannot be honoured exactly by its schedule, or null.</summary>
    public static string? ScheduleNote(TrainerOptions before, TrainerOptions after, int trainCount)
    {
        int planned = TrainerFactory.EpochsOf(before, trainCount);
        int now = TrainerFactory.EpochsOf(after, trainCount);
        if (planned == now || before.Schedule is not CosineAnnealing cosine)
        {
            return null;
        }

        int end = cosine.WarmupEpochs + cosine.PeriodEpochs;
        string rate = cosine.MinimumRate.ToString("G4", CultureInfo.InvariantCulture);
        return now > end
            ? $"note: the checkpoint's cosine schedule spans {end} epochs and cannot be stretched to {now} without changing the epochs already trained; epochs {end + 1}-{now} run at its minimum rate, {rate}."
            : $"note: the checkpoint's cosine schedule spans {end} epochs; ending after {now} stops it before it reaches its minimum rate.";
    }

    /// <summary>The learning rate the run's first epoch had, or null when it never started one.</summary>
    private static float? FirstEpochRate(Trainer trainer) =>
        trainer.History.Epochs.Count > 0 ? trainer.History.Epochs[0].LearningRate
        : trainer.CompletedIterations > 0 || trainer.History.StopReason == StopReason.Cancelled ? trainer.Optimizer.LearningRate
        : null;

    /// <summary>The rate a fresh copy of <paramref name="schedule"/> gives the first epoch from <paramref name="baseRate"/>.</summary>
    /// <remarks>Every schedule is linear in the base rate at epoch 0; a plateau schedule starts at the base rate, whatever it has learned since.</remarks>
    private static float FirstRate(LearningRateSchedule schedule, float baseRate) =>
        schedule is ReduceOnPlateau ? baseRate : schedule.RateAt(0, baseRate);

    private static string Show(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Show(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Batch(int size) => size == TrainerOptions.FullBatch ? "full" : Show(size);
}
