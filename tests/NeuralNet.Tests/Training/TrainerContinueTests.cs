using NeuralNet.Data;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Tests.TestData;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary>Continuing a run with changed options: what may change, what is refused, and that a longer run equals one planned that long.</summary>
public sealed class TrainerContinueTests
{
    [Fact]
    public void ContinueWith_MoreEpochsAfterACompletedRun_EqualsARunPlannedThatLong()
    {
        Dataset data = SyntheticData.Spirals(40, seed: 3);
        Network planned = Network.Create([2, 16, 2], seed: 4);
        new Trainer(planned, new CrossEntropyLoss(), new Adam(0.01f), new TrainerOptions { Epochs = 5, BatchSize = 8 }).Fit(data);
        Network extended = Network.Create([2, 16, 2], seed: 4);
        var trainer = new Trainer(extended, new CrossEntropyLoss(), new Adam(0.01f), new TrainerOptions { Epochs = 3, BatchSize = 8 });
        trainer.Fit(data);

        trainer.ContinueWith(trainer.Options with { Epochs = 5 });
        TrainingHistory history = trainer.Fit(data);

        history.Epochs.Should().HaveCount(5);
        history.StopReason.Should().Be(StopReason.Completed);
        Bits(extended).Should().Equal(Bits(planned));
    }

    [Fact]
    public void ContinueWith_ALoadedCheckpointAndANewPath_WritesOnlyThere()
    {
        Dataset data = SyntheticData.Spirals(40, seed: 3);
        using var folder = new TempDirectory();
        Directory.CreateDirectory(folder.File("first"));
        Directory.CreateDirectory(folder.File("second"));
        var first = new Trainer(Network.Create([2, 8, 2], seed: 1), new CrossEntropyLoss(), new Sgd(0.1f), new TrainerOptions
        {
            Epochs = 2, BatchSize = 16, CheckpointEvery = 1, CheckpointPath = folder.File("first/c-{epoch}.nnc"),
        });
        first.Fit(data);
        Trainer resumed = Trainer.LoadCheckpoint(folder.File("first/c-2.nnc"));

        resumed.ContinueWith(resumed.Options with { Epochs = 4, CheckpointPath = folder.File("second/c-{epoch}.nnc") });
        resumed.Fit(data);

        Directory.GetFiles(folder.File("first")).Select(Path.GetFileName).Should().BeEquivalentTo(["c-1.nnc", "c-2.nnc"]);
        Directory.GetFiles(folder.File("second")).Select(Path.GetFileName).Should().BeEquivalentTo(["c-3.nnc", "c-4.nnc"]);
    }

    [Fact]
    public void ContinueWith_OptionsThatMakeAnotherRun_AreRefusedNamingEach()
    {
        var trainer = new Trainer(Network.Create([2, 4, 2]), new CrossEntropyLoss(), new Sgd(0.1f), new TrainerOptions { BatchSize = 8, Seed = 1 });

        Action change = () => trainer.ContinueWith(trainer.Options with { BatchSize = 16, Seed = 2, Epochs = 20 });

        change.Should().Throw<ArgumentException>().WithMessage("*BatchSize (8, not 16)*Seed (1, not 2)*only Epochs*");
        trainer.Options.Epochs.Should().Be(10, "nothing changes when a change is refused");
    }

    [Fact]
    public void ContinueWith_EarlyStoppingSwitchedOn_WatchesFromThen()
    {
        var (train, validation) = SyntheticData.Spirals(60, seed: 5).Split(30, seed: 1);
        var trainer = new Trainer(Network.Create([2, 16, 2], seed: 2), new CrossEntropyLoss(), new Adam(0.01f), new TrainerOptions { Epochs = 2, BatchSize = 16 });
        trainer.Fit(train, validation);

        trainer.ContinueWith(trainer.Options with { Epochs = 200, EarlyStopping = new EarlyStopping(patience: 2) });
        TrainingHistory history = trainer.Fit(train, validation);

        history.StopReason.Should().Be(StopReason.EarlyStopped);
        history.BestEpoch.Should().BeGreaterThan(2);
    }

    private static int[] Bits(Network network) =>
        [.. network.Parameters.SelectMany(p => p.ValueSpan.ToArray()).Select(BitConverter.SingleToInt32Bits)];
}
