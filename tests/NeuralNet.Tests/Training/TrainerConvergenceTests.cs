using NeuralNet.Activations;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

public sealed class TrainerConvergenceTests
{
    [Fact]
    public void Fit_XorWithHiddenLayer_ReachesFullAccuracy()
    {
        var data = SyntheticData.Xor();
        Network network = Network.Create([2, 8, 2], hiddenActivation: new Tanh(), seed: 3);
        var trainer = new Trainer(network, new CrossEntropyLoss(), new Adam(0.05f), new TrainerOptions { Epochs = 400, BatchSize = TrainerOptions.FullBatch });

        trainer.Fit(data);

        network.Evaluate(data).Accuracy.Should().Be(1.0);
        trainer.History.Epochs.Should().HaveCount(400);
        trainer.History.StopReason.Should().Be(StopReason.Completed);
    }

    [Fact]
    public void Fit_TwoSpirals_ReachesNinetyFivePercent()
    {
        var data = SyntheticData.Spirals(200, seed: 1);
        Network network = Network.Create([2, 32, 32, 2], seed: 2);
        var trainer = new Trainer(network, new CrossEntropyLoss(), new Adam(0.01f), new TrainerOptions { Epochs = 300, BatchSize = 32, Seed = 4 });

        trainer.Fit(data);

        network.Evaluate(data).Accuracy.Should().BeGreaterThanOrEqualTo(0.95);
    }

    [Fact]
    public void Fit_LinearlySeparableWithoutHiddenLayer_ReachesFullAccuracy()
    {
        var data = SyntheticData.Blobs(60, seed: 5);
        Network network = Network.Create([4, 3], seed: 1);
        var trainer = new Trainer(network, new CrossEntropyLoss(), new Sgd(0.5f), new TrainerOptions { Epochs = 30, BatchSize = 16 });

        trainer.Fit(data);

        network.Evaluate(data).Accuracy.Should().Be(1.0);
    }

    [Fact]
    public void Fit_FullBatchIterations_RunsOneBatchPerIterationAndLearns()
    {
        var data = SyntheticData.Blobs(50, seed: 6);
        Network network = Network.Create([4, 3], seed: 1);
        double before = network.Evaluate(data).Loss;
        var trainer = new Trainer(network, new CrossEntropyLoss(), new Sgd(0.1f), new TrainerOptions { Iterations = 50, BatchSize = TrainerOptions.FullBatch });

        trainer.Fit(data);

        trainer.CompletedIterations.Should().Be(50);
        trainer.History.Epochs.Should().HaveCount(50);
        trainer.History.Epochs.Should().OnlyContain(row => row.Samples == 150);
        network.Evaluate(data).Loss.Should().BeLessThan(before / 2);
    }

    [Fact]
    public void Fit_PerSampleSgd_TakesOneStepPerSample()
    {
        var data = SyntheticData.Blobs(20, seed: 7);
        Network network = Network.Create([4, 3], seed: 1);
        var trainer = new Trainer(network, new CrossEntropyLoss(), new Sgd(0.05f), new TrainerOptions { Epochs = 3, BatchSize = 1 });

        trainer.Fit(data);

        trainer.CompletedIterations.Should().Be(3 * 60);
        network.Evaluate(data).Accuracy.Should().Be(1.0);
    }

    [Fact]
    public void Fit_MiniBatchesWithShortLastBatch_CountsEverySampleOnce()
    {
        var data = SyntheticData.Blobs(25, seed: 8); // 75 samples: batches of 32, 32 and 11
        Network network = Network.Create([4, 6, 3], seed: 1);
        var trainer = new Trainer(network, new CrossEntropyLoss(), new Momentum(0.05f), new TrainerOptions { Epochs = 2, BatchSize = 32 });

        trainer.Fit(data);

        trainer.CompletedIterations.Should().Be(6);
        trainer.History.Epochs.Select(r => r.Samples).Should().Equal(75, 75);
        trainer.History.Epochs.Select(r => r.Iterations).Should().Equal(3, 6);
    }

    [Fact]
    public void Fit_IterationLimitInsideAnEpoch_RecordsThePartialEpoch()
    {
        var data = SyntheticData.Blobs(40, seed: 9); // 120 samples, 4 batches of 30 an epoch
        Network network = Network.Create([4, 3], seed: 1);
        var trainer = new Trainer(network, new CrossEntropyLoss(), new Sgd(0.1f), new TrainerOptions { Iterations = 6, BatchSize = 30 });

        trainer.Fit(data);

        trainer.History.Epochs.Select(r => r.Samples).Should().Equal(120, 60);
        trainer.IsFinished.Should().BeTrue();
    }

    [Fact]
    public void Fit_MeanSquaredErrorWithSigmoidOutput_Learns()
    {
        var data = SyntheticData.Blobs(40, seed: 10);
        Network network = Network.Create([4, 8, 3], outputActivation: new Sigmoid(), seed: 1);
        var trainer = new Trainer(network, new MeanSquaredErrorLoss(), new Adam(0.02f), new TrainerOptions { Epochs = 40, BatchSize = 16 });

        trainer.Fit(data);

        network.Evaluate(data, new MeanSquaredErrorLoss()).Accuracy.Should().Be(1.0);
    }

    [Fact]
    public void Fit_WithValidationSet_RecordsValidationFiguresThatMatchEvaluate()
    {
        var (train, validation) = SyntheticData.Spirals(100, seed: 11).Split(40, seed: 1);
        Network network = Network.Create([2, 16, 2], seed: 2);
        var trainer = new Trainer(network, new CrossEntropyLoss(), new Adam(0.01f), new TrainerOptions { Epochs = 5, BatchSize = 16 });

        trainer.Fit(train, validation);

        EpochRecord last = trainer.History.Last!;
        Evaluation evaluation = network.Evaluate(validation);
        last.ValidationLoss.Should().BeApproximately(evaluation.Loss, 1e-12);
        last.ValidationAccuracy.Should().Be(evaluation.Accuracy);
        last.SamplesPerSecond.Should().BePositive();
        last.Seconds.Should().BePositive();
    }
}
