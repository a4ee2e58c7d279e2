using System.Globalization;
using System.Text.RegularExpressions;
using MnistTrainer.Options;
using NeuralNet;
using NeuralNet.Activations;
using NeuralNet.Data;
using NeuralNet.Initializers;
using NeuralNet.Optimizers;
using NeuralNet.Schedules;
using NeuralNet.Serialization;
using NeuralNet.Training;

namespace MnistTrainer.Runs;

/// <summary>Builds the trainer a run asks for: a new network and optimizer from the options, or the run saved in a checkpoint.</summary>
/// <remarks>The library's refusals of a value (an <see cref="ArgumentException"/>) become messages about the option it came from.</remarks>
internal static partial class TrainerFactory
{
    /// <summary>The file name pattern of checkpoints in the output folder; the trainer fills in the epoch.</summary>
    public const string CheckpointPattern = "checkpoint-epoch-{epoch}.nnc";

    /// <summary>The schedules' settings by the names of their constructors' parameters, for messages in the terms of <c>--schedule</c>.</summary>
    private static readonly Dictionary<string, string> ScheduleKeys = new(StringComparer.Ordinal)
    {
        ["stepEpochs"] = "the step's epochs",
        ["gamma"] = "gamma",
        ["periodEpochs"] = "period",
        ["minimumRate"] = "min",
        ["warmupEpochs"] = "warmup",
        ["factor"] = "factor",
        ["patience"] = "patience",
        ["minimumDelta"] = "threshold",
    };

    /// <summary>Creates a trainer for a fresh run on <paramref name="train"/>.</summary>
    /// <param name="settings">The network and training options.</param>
    /// <param name="train">The training set: its feature count is the network's input size, its class count (or its regression targets, with an identity output and the mean squared error) the output size.</param>
    /// <param name="hasValidation">Whether a validation set will be passed to Fit (early stopping needs it).</param>
    /// <param name="outputFolder">Where checkpoints go.</param>
    /// <param name="learningRate">The base learning rate, when it is not the settings' (the sweep's candidates).</param>
    /// <exception cref="UsageException">The sizes cannot be held in memory, the schedule cannot be read, or the library refuses a value.</exception>
    public static Trainer Create(TrainingSettings settings, Dataset train, bool hasValidation, string outputFolder, float? learningRate = null)
    {
        OutputHead head = OutputHead.For(train);
        string option = settings.Given.Contains("--model") ? $"--model {settings.Model}" : $"--layers {LayerSpec.Describe(settings.Layers)}";
        NetworkPlan plan = NetworkPlan.For(settings.Layers, train.FeatureCount, head.Size, option);
        NetworkBudget.Check(plan, settings.BatchSize, train.Count, settings.Optimizer);
        Network network = Refused(option, () => plan.Build(
            Activation.FromName(settings.Activation),
            Initializer.FromName(settings.Initializer),
            settings.Seed,
            settings.Dropout,
            head.Activation));

        var options = new TrainerOptions
        {
            Epochs = settings.Epochs,
            Iterations = settings.Iterations,
            BatchSize = settings.BatchSize,
            Seed = settings.Seed,
            WeightDecay = settings.WeightDecay,
            Schedule = ParseSchedule(settings.Schedule, EpochsOf(settings.Epochs, settings.Iterations, settings.BatchSize, train.Count)),
            EarlyStopping = settings.EarlyStoppingPatience is int patience && hasValidation ? new EarlyStopping(patience) : null,
            CheckpointEvery = settings.CheckpointEvery,
            CheckpointPath = Path.Combine(outputFolder, CheckpointPattern),
        };

        Optimizer optimizer = Refused("--lr", () => Optimizer.FromName(settings.Optimizer, learningRate ?? settings.LearningRate));
        return Refused("the training options", () => new Trainer(network, head.Loss, optimizer, options));
    }

    /// <summary>Loads the run saved in <paramref name="checkpoint"/>, checks it against the data and the command line, and points it at <paramref name="outputFolder"/>.</summary>
    /// <param name="checkpoint">The checkpoint file.</param>
    /// <param name="settings">The command line's options: those given must agree with the checkpoint, except the run's length, early stopping and checkpoints, which take effect.</param>
    /// <param name="train">The training set.</param>
    /// <param name="hasValidation">Whether a validation set will be passed to Fit.</param>
    /// <param name="outputFolder">The resumed run's own folder, where its checkpoints go.</param>
    /// <param name="notes">Where a note about the schedule goes.</param>
    /// <exception cref="UsageException">The file is missing or not a file, its network does not fit the data, or options contradict it (each is named).</exception>
    /// <exception cref="InvalidCheckpointFileException">The file is not a valid checkpoint.</exception>
    public static Trainer Resume(string checkpoint, TrainingSettings settings, Dataset train, bool hasValidation, string outputFolder, TextWriter notes)
    {
        InputFile.Require(checkpoint, "--resume", "a checkpoint file (.nnc) written by 'train'");
        Trainer trainer = Trainer.LoadCheckpoint(checkpoint);
        Fit.Check(trainer.Network, train, $"the checkpoint {checkpoint}", "the training set");
        IReadOnlyList<string> conflicts = ResumePlan.Conflicts(trainer, settings, train.Count);
        if (conflicts.Count > 0)
        {
            throw new UsageException(
                $"--resume {checkpoint}: the options contradict the run it holds: {string.Join("; ", conflicts)}. Leave them out to continue the run as it was, or start a new run without --resume.");
        }

        TrainerOptions before = trainer.Options;
        TrainerOptions after = ResumePlan.ContinuedOptions(trainer, settings, hasValidation, outputFolder);
        trainer.ContinueWith(after);
        if (ResumePlan.ScheduleNote(before, after, train.Count) is { } note)
        {
            notes.WriteLine(note);
        }

        return trainer;
    }

    /// <summary>The epochs a run of <paramref name="options"/> lasts at most: its epochs, or as many as its iterations fill.</summary>
    public static int EpochsOf(TrainerOptions options, int trainCount) => EpochsOf(options.Epochs, options.Iterations, options.BatchSize, trainCount);

    /// <summary>The epochs a run lasts at most: <paramref name="epochs"/>, or as many as <paramref name="iterations"/> batches fill.</summary>
    /// <remarks>In 64-bit arithmetic, rounding up without adding first, so that no count near <see cref="long.MaxValue"/> wraps.</remarks>
    public static int EpochsOf(int epochs, long? iterations, int batchSize, int trainCount)
    {
        if (iterations is not long limit)
        {
            return epochs;
        }

        long batch = Math.Max(1, Math.Min(batchSize, trainCount));
        long perEpoch = ((trainCount - 1) / batch) + 1;
        return (int)Math.Min(int.MaxValue, ((limit - 1) / perEpoch) + 1);
    }

    /// <summary>Reads <c>--schedule</c> for a run of <paramref name="epochs"/>.</summary>
    /// <exception cref="UsageException">The text is not a schedule; the message speaks of its settings as typed.</exception>
    private static LearningRateSchedule ParseSchedule(string text, int epochs)
    {
        try
        {
            return LearningRateSchedule.Parse(text, epochs);
        }
        catch (ArgumentException e)
        {
            string message = Messages.WithoutParameter(e);

            // The constructors say "CosineAnnealing's periodEpochs must be at least 1": say "period must be at least 1".
            if (e.InnerException is ArgumentOutOfRangeException { ParamName: { } parameter } && ScheduleKeys.TryGetValue(parameter, out string? key))
            {
                message = ConstructorSubject().Replace(message, key, 1);
            }

            throw new UsageException($"--schedule {text}: {message}", e);
        }
    }

    /// <summary>Runs a library call on values from the command line, turning its refusal into a message about <paramref name="option"/>.</summary>
    private static T Refused<T>(string option, Func<T> create)
    {
        try
        {
            return create();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{option}: {Messages.WithoutParameter(e)}"), e);
        }
        catch (OutOfMemoryException e)
        {
            throw new UsageException($"{option}: there is not enough memory for the network; give smaller --layers or --batch-size.", e);
        }
    }

    [GeneratedRegex(@"\b[A-Z][A-Za-z]+'s [a-z][A-Za-z]+")]
    private static partial Regex ConstructorSubject();
}
