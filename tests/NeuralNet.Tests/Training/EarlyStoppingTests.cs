using NeuralNet.Data;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

public sealed class EarlyStoppingTests
{
    [Fact]
    public void Fit_ValidationLossRises_StopsAndRestoresTheBestEpochsWeights()
    {
        // Validation labels are the training labels swapped: learning the training set makes the validation loss rise.
        Dataset train = SyntheticData.Blobs(30, seed: 1, classes: 2);
        var validation = new Dataset(train.Inputs, train.Labels.ToArray().Select(l => 1 - l).ToArray(), 2);
        Network network = Network.Create([4, 8, 2], seed: 2);
        var snapshots = new Dictionary<int, float[][]>();
        var trainer = new Trainer(
            network,
            new CrossEntropyLoss(),
            new Sgd(0.05f),
            new TrainerOptions { Epochs = 50, BatchSize = 10, EarlyStopping = new EarlyStopping(patience: 3) });

        trainer.Fit(train, validation, new SynchronousProgress(p =>
        {
            if (p.IsEpochEnd)
            {
                snapshots[p.Epoch] = SyntheticData.Weights(network);
            }
        }));

        TrainingHistory history = trainer.History;
        history.StopReason.Should().Be(StopReason.EarlyStopped);
        int best = history.BestEpoch!.Value;
        history.Epochs.Should().HaveCount(best + 3, "it stops after 3 epochs without improvement");
        history.Epochs.Min(r => r.ValidationLoss).Should().Be(history.Epochs[best - 1].ValidationLoss);
        SyntheticData.Weights(network).Should().BeEquivalentTo(snapshots[best], o => o.WithStrictOrdering());
        network.Evaluate(validation).Loss.Should().BeApproximately(history.Epochs[best - 1].ValidationLoss!.Value, 1e-9);
        trainer.IsFinished.Should().BeTrue();
    }

    [Fact]
    public void Fit_WithoutRestoring_KeepsTheLastWeights()
    {
        Dataset train = SyntheticData.Blobs(30, seed: 1, classes: 2);
        var validation = new Dataset(train.Inputs, train.Labels.ToArray().Select(l => 1 - l).ToArray(), 2);
        Network network = Network.Create([4, 8, 2], seed: 2);
        float[][]? last = null;
        var trainer = new Trainer(
            network,
            new CrossEntropyLoss(),
            new Sgd(0.05f),
            new TrainerOptions { Epochs = 50, BatchSize = 10, EarlyStopping = new EarlyStopping(2, restoreBestWeights: false) });

        trainer.Fit(train, validation, new SynchronousProgress(p => last = p.IsEpochEnd ? SyntheticData.Weights(network) : last));

        trainer.History.StopReason.Should().Be(StopReason.EarlyStopped);
        SyntheticData.Weights(network).Should().BeEquivalentTo(last, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Fit_ImprovementsSmallerThanMinimumDelta_DoNotCount()
    {
        Dataset data = SyntheticData.Blobs(30, seed: 3);
        Network network = Network.Create([4, 3], seed: 2);
        var trainer = new Trainer(
            network,
            new CrossEntropyLoss(),
            new Sgd(1e-4f),
            new TrainerOptions { Epochs = 30, BatchSize = 10, EarlyStopping = new EarlyStopping(2, minimumDelta: 10) });

        trainer.Fit(data, data);

        trainer.History.Epochs.Should().HaveCount(3, "the first epoch sets the best, and no later one beats it by 10");
        trainer.History.BestEpoch.Should().Be(1);
    }

    [Fact]
    public void Fit_AccuracyMetric_StopsWhenAccuracyPlateaus()
    {
        Dataset data = SyntheticData.Blobs(30, seed: 4);
        Network network = Network.Create([4, 3], seed: 2);
        var trainer = new Trainer(
            network,
            new CrossEntropyLoss(),
            new Sgd(0.5f),
            new TrainerOptions { Epochs = 100, BatchSize = 10, EarlyStopping = new EarlyStopping(3, metric: EarlyStoppingMetric.ValidationAccuracy) });

        trainer.Fit(data, data);

        trainer.History.StopReason.Should().Be(StopReason.EarlyStopped);
        trainer.History.Epochs[trainer.History.BestEpoch!.Value - 1].ValidationAccuracy.Should().Be(1.0);
    }

    [Fact]
    public void Fit_EarlyStoppingWithoutValidationSet_IsRejectedBeforeAnyWork()
    {
        Dataset data = SyntheticData.Blobs(10, seed: 1);
        Network network = Network.Create([4, 3], seed: 1);
        var trainer = new Trainer(network, new CrossEntropyLoss(), new Sgd(0.1f), new TrainerOptions { EarlyStopping = new EarlyStopping(2) });

        Action fit = () => trainer.Fit(data);

        fit.Should().Throw<ArgumentException>().WithMessage("*EarlyStopping*validation loss*validation set*").Which.ParamName.Should().Be("validation");
        trainer.CompletedIterations.Should().Be(0);
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(2, -1.0)]
    [InlineData(2, double.NaN)]
    public void Constructor_BadSettings_Throw(int patience, double delta)
    {
        Action create = () => _ = new EarlyStopping(patience, delta);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage(patience == 0 ? "*patience is 0*" : "*minimum delta*");
    }
}
