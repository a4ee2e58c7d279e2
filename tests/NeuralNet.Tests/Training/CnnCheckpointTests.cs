using NeuralNet.Compute;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Schedules;
using NeuralNet.Tests.Compute;
using NeuralNet.Tests.Serialization;
using NeuralNet.Tests.TestData;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary>Checkpoints of convolutional runs: every piece of state (filters, batch norm's running statistics, dropout masks, Adam's moments) comes back, and a run continues bit for bit.</summary>
// Chooses the compute backend, so it runs with the other backend tests, alone.
[Collection(nameof(GlobalBackend))]
public sealed class CnnCheckpointTests : IDisposable
{
    private const int Epochs = 3;

    public void Dispose() => ComputeBackend.Reset();

    [Fact]
    public void LoadCheckpoint_WrittenMidEpoch_ContinuesBitIdenticallyOnTheManagedBackend()
    {
        ComputeBackend.UseManaged();
        (Dataset train, Dataset validation) = Data();
        Trainer reference = Create();
        reference.Fit(train, validation);
        using var folder = new TempDirectory();
        Trainer first = Create(folder.File("cnn-{epoch}.nnc"));
        using var cancel = new CancellationTokenSource();

        // 96 samples in batches of 16: the 9th batch is the 3rd of epoch 2.
        TrainingHistory partial = first.Fit(train, validation, new SynchronousProgress(p =>
        {
            if (p.Iterations == 9)
            {
                cancel.Cancel();
            }
        }), cancel.Token);

        partial.StopReason.Should().Be(StopReason.Cancelled);
        Trainer resumed = Trainer.LoadCheckpoint(partial.LastCheckpoint!);
        resumed.CompletedIterations.Should().Be(9);
        TestCnns.RunningStatisticsBits(resumed.Network).Should().Equal(TestCnns.RunningStatisticsBits(first.Network), "the running statistics are in the checkpoint");

        resumed.Fit(train, validation);

        Outcome(resumed).Should().BeEquivalentTo(Outcome(reference), o => o.WithStrictOrdering());
        resumed.History.StopReason.Should().Be(StopReason.Completed);
    }

    [Fact]
    public void LoadCheckpoint_AfterEachEpoch_ContinuesBitIdenticallyOnTheManagedBackend()
    {
        ComputeBackend.UseManaged();
        (Dataset train, Dataset validation) = Data();
        Trainer reference = Create();
        reference.Fit(train, validation);
        using var folder = new TempDirectory();
        Create(folder.File("cnn-{epoch}.nnc")).Fit(train, validation);

        for (int epoch = 1; epoch < Epochs; epoch++)
        {
            Trainer resumed = Trainer.LoadCheckpoint(folder.File($"cnn-{epoch}.nnc"));
            resumed.Network.ToString().Should().Be(reference.Network.ToString());

            resumed.Fit(train, validation);

            Outcome(resumed).Should().BeEquivalentTo(Outcome(reference), o => o.WithStrictOrdering(), $"resumed after epoch {epoch}");
        }
    }

    [Fact]
    public void SaveLoadCheckpoint_Cnn_WritesTheSameBytesAgain()
    {
        (Dataset train, Dataset validation) = Data();
        Trainer trainer = Create();
        trainer.Fit(train, validation);
        using var first = new MemoryStream();
        trainer.SaveCheckpoint(first);

        Trainer loaded = Trainer.LoadCheckpoint(new MemoryStream(first.ToArray()));
        using var second = new MemoryStream();
        loaded.SaveCheckpoint(second);

        second.ToArray().Should().Equal(first.ToArray());
        TestCnns.RunningStatisticsBits(loaded.Network).Should().Equal(TestCnns.RunningStatisticsBits(trainer.Network));
    }

    [Fact]
    public void Fit_Cnn_LearnsTheImages()
    {
        // The scenario trains a network that learns, so the comparisons above compare something.
        (Dataset train, Dataset validation) = Data();
        Trainer trainer = Create(epochs: 12);

        trainer.Fit(train, validation);

        trainer.Network.Evaluate(validation).Accuracy.Should().BeGreaterThan(0.9);
    }

    private static (Dataset Train, Dataset Validation) Data() => (TestCnns.Images(96, seed: 5), TestCnns.Images(60, seed: 6));

    private static Trainer Create(string? checkpointPath = null, int epochs = Epochs) =>
        new(
            TestCnns.EveryLayer(seed: 2),
            new CrossEntropyLoss(),
            new Adam(0.01f),
            new TrainerOptions
            {
                Epochs = epochs,
                BatchSize = 16,
                Seed = 7,
                Schedule = new CosineAnnealing(epochs),
                CheckpointEvery = checkpointPath is null ? 0 : 1,
                CheckpointPath = checkpointPath,
            });

    /// <summary>What the dense scenario compares (every weight bit and every history figure but the times), and every running statistic.</summary>
    private static ((int[][] Weights, (double, double, double?, double?, float, long)[] Rows) Run, int[] Statistics) Outcome(Trainer trainer) =>
        (CheckpointScenario.Outcome(trainer), TestCnns.RunningStatisticsBits(trainer.Network));
}
