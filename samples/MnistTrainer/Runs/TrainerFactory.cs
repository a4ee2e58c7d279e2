using MnistTrainer.Options;
using NeuralNet;
using NeuralNet.Activations;
using NeuralNet.Data;
using NeuralNet.Initializers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Schedules;
using NeuralNet.Serialization;
using NeuralNet.Training;

namespace MnistTrainer.Runs;

/// <summary>Builds the trainer a run asks for: a new network and optimizer from the options, or the run saved in a checkpoint.</summary>
internal static class TrainerFactory
{
    /// <summary>The file name pattern of checkpoints in the output folder; the trainer fills in the epoch.</summary>
    public const string CheckpointPattern = "checkpoint-epoch-{epoch}.nnc";

    /// <summary>Creates a trainer for a fresh run on <paramref name="train"/>.</summary>
    /// <param name="settings">The network and training options.</param>
    /// <param name="train">The training set: its feature and class counts are the network's input and output sizes.</param>
    /// <param name="hasValidation">Whether a validation set will be passed to Fit (early stopping needs it).</param>
    /// <param name="outputFolder">Where checkpoints go.</param>
    /// <param name="learningRate">The base learning rate, when it is not the settings' (the sweep's candidates).</param>
    /// <exception cref="UsageException">The schedule cannot be read.</exception>
    public static Trainer Create(TrainingSettings settings, Dataset train, bool hasValidation, string outputFolder, float? learningRate = null)
    {
        int[] sizes = [train.FeatureCount, .. settings.HiddenLayers, train.ClassCount];
        Network network = Network.Create(
            sizes,
            Activation.FromName(settings.Activation),
            new Softmax(),
            Initializer.FromName(settings.Initializer),
            settings.Seed,
            settings.Dropout);

        var options = new TrainerOptions
        {
            Epochs = settings.Epochs,
            Iterations = settings.Iterations,
            BatchSize = settings.BatchSize,
            Seed = settings.Seed,
            WeightDecay = settings.WeightDecay,
            Schedule = ParseSchedule(settings, train.Count),
            EarlyStopping = settings.EarlyStoppingPatience is int patience && hasValidation ? new EarlyStopping(patience) : null,
            CheckpointEvery = settings.CheckpointEvery,
            CheckpointPath = Path.Combine(outputFolder, CheckpointPattern),
        };

        Optimizer optimizer = Optimizer.FromName(settings.Optimizer, learningRate ?? settings.LearningRate);
        return new Trainer(network, new CrossEntropyLoss(), optimizer, options);
    }

    /// <summary>Loads the run saved in <paramref name="checkpoint"/> and checks that it fits the data.</summary>
    /// <exception cref="UsageException">The file is missing, or its network does not fit the data.</exception>
    /// <exception cref="InvalidCheckpointFileException">The file is not a valid checkpoint.</exception>
    public static Trainer Resume(string checkpoint, Dataset train)
    {
        if (!File.Exists(checkpoint))
        {
            throw new UsageException($"--resume {checkpoint}: no such file.");
        }

        Trainer trainer = Trainer.LoadCheckpoint(checkpoint);
        Fit.Check(trainer.Network, train, $"the checkpoint {checkpoint}", "the training set");
        return trainer;
    }

    /// <summary>The epochs the schedule spans: the epochs asked for, or as many as the iterations fill.</summary>
    private static LearningRateSchedule ParseSchedule(TrainingSettings settings, int trainCount)
    {
        int epochs = settings.Epochs;
        if (settings.Iterations is long iterations)
        {
            long batchesPerEpoch = ((long)trainCount + Math.Min(settings.BatchSize, trainCount) - 1) / Math.Min(settings.BatchSize, trainCount);
            epochs = (int)Math.Min(int.MaxValue, (iterations + batchesPerEpoch - 1) / batchesPerEpoch);
        }

        try
        {
            return LearningRateSchedule.Parse(settings.Schedule, epochs);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--schedule {settings.Schedule}: {Messages.WithoutParameter(e)}", e);
        }
    }
}
