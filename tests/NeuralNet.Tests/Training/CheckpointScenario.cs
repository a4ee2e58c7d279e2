using NeuralNet.Data;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Schedules;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary>A run that uses every piece of state a checkpoint must carry: dropout masks, Adam's moments, a learning schedule, early stopping's memory, shuffles.</summary>
internal static class CheckpointScenario
{
    public const int Epochs = 6;

    public static (Dataset Train, Dataset Validation) Data() => SyntheticData.Spirals(80, seed: 12).Split(40, seed: 3);

    /// <summary>A fresh trainer; <paramref name="checkpointPath"/> (with <c>{epoch}</c>) turns on a checkpoint every epoch.</summary>
    public static Trainer Create(string? checkpointPath = null, int epochs = Epochs) =>
        new(
            Network.Create([2, 16, 16, 2], seed: 3, dropout: 0.2f),
            new CrossEntropyLoss(),
            new Adam(0.01f),
            new TrainerOptions
            {
                Epochs = epochs,
                BatchSize = 16,
                Seed = 5,
                WeightDecay = 1e-4f,
                GradientClipNorm = 5f,
                Schedule = new ReduceOnPlateau(factor: 0.5f, patience: 0),
                EarlyStopping = new EarlyStopping(patience: 50),
                CheckpointEvery = checkpointPath is null ? 0 : 1,
                CheckpointPath = checkpointPath,
            });

    /// <summary>What two runs must share to count as the same: every weight bit and every history figure but the times.</summary>
    public static (int[][] Weights, (double, double, double?, double?, float, long)[] Rows) Outcome(Trainer trainer) =>
        (trainer.Network.Parameters.Select(p => NeuralNet.Tests.Serialization.TestModels.Bits(p.ValueSpan)).ToArray(),
         trainer.History.Epochs.Select(r => (r.TrainLoss, r.TrainAccuracy, r.ValidationLoss, r.ValidationAccuracy, r.LearningRate, r.Iterations)).ToArray());
}
