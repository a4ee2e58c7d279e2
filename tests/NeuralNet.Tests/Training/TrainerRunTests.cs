using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Preprocessing;
using NeuralNet.Schedules;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

public sealed class TrainerRunTests
{
    private static readonly TrainerOptions Options = new() { Epochs = 4, BatchSize = 16, Seed = 3 };

    [Fact]
    public void Fit_SameSeedsTwice_GivesBitIdenticalWeightsAndHistory()
    {
        var data = SyntheticData.Spirals(80, seed: 1);
        (float[][] Weights, double[] Losses) Run()
        {
            Network network = Network.Create([2, 16, 16, 2], seed: 5, dropout: 0.2f);
            var trainer = new Trainer(network, new CrossEntropyLoss(), new Adam(0.01f), Options);
            trainer.Fit(data);
            return (SyntheticData.Weights(network), trainer.History.Epochs.Select(r => r.TrainLoss).ToArray());
        }

        var first = Run();
        var second = Run();

        second.Weights.Should().BeEquivalentTo(first.Weights, o => o.WithStrictOrdering());
        second.Losses.Should().Equal(first.Losses);
    }

    [Fact]
    public void Fit_DifferentShuffleSeed_GivesDifferentWeights()
    {
        var data = SyntheticData.Spirals(80, seed: 1);
        float[][] Run(int seed)
        {
            Network network = Network.Create([2, 16, 2], seed: 5);
            new Trainer(network, new CrossEntropyLoss(), new Sgd(0.1f), Options with { Seed = seed }).Fit(data);
            return SyntheticData.Weights(network);
        }

        Run(1)[0].Should().NotEqual(Run(2)[0]);
    }

    [Fact]
    public void Fit_CancelledMidEpochThenContinued_EndsExactlyAsAnUninterruptedRun()
    {
        var data = SyntheticData.Spirals(80, seed: 2); // 160 samples: 10 batches an epoch
        Network straight = Network.Create([2, 16, 2], seed: 7, dropout: 0.1f);
        var reference = new Trainer(straight, new CrossEntropyLoss(), new Momentum(0.05f), Options);
        reference.Fit(data);

        Network interrupted = Network.Create([2, 16, 2], seed: 7, dropout: 0.1f);
        var trainer = new Trainer(interrupted, new CrossEntropyLoss(), new Momentum(0.05f), Options);
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Iterations == 17)
            {
                cancel.Cancel();
            }
        });

        TrainingHistory partial = trainer.Fit(data, progress: progress, cancellationToken: cancel.Token);

        partial.StopReason.Should().Be(StopReason.Cancelled);
        trainer.CompletedIterations.Should().Be(17, "cancellation is honoured after the batch that asked for it");
        partial.Epochs.Should().HaveCount(1);
        SyntheticData.Weights(interrupted).SelectMany(w => w).Should().OnlyContain(v => float.IsFinite(v));
        interrupted.Predict(data.Inputs).Should().HaveCount(160, "a cancelled network is usable");

        trainer.Fit(data);

        trainer.History.StopReason.Should().Be(StopReason.Completed);
        SyntheticData.Weights(interrupted).Should().BeEquivalentTo(SyntheticData.Weights(straight), o => o.WithStrictOrdering());
        trainer.History.Epochs.Select(r => (r.TrainLoss, r.TrainAccuracy, r.Iterations))
            .Should().Equal(reference.History.Epochs.Select(r => (r.TrainLoss, r.TrainAccuracy, r.Iterations)));
    }

    [Fact]
    public void Fit_CancelledBeforeStart_ChangesNothing()
    {
        var data = SyntheticData.Blobs(10, seed: 1);
        Network network = Network.Create([4, 3], seed: 1);
        float[][] before = SyntheticData.Weights(network);

        TrainingHistory history = new Trainer(network, new CrossEntropyLoss(), new Sgd(0.1f), Options).Fit(data, cancellationToken: new CancellationToken(canceled: true));

        history.StopReason.Should().Be(StopReason.Cancelled);
        SyntheticData.Weights(network).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Fit_HugeLearningRate_ThrowsDivergedWithFiniteWeightsLeft()
    {
        var data = SyntheticData.Spirals(100, seed: 3);
        Network network = Network.Create([2, 32, 2], seed: 1);
        var trainer = new Trainer(network, new CrossEntropyLoss(), new Sgd(1e30f), new TrainerOptions { Epochs = 5, BatchSize = 8 });

        Action fit = () => trainer.Fit(data);

        var thrown = fit.Should().Throw<TrainingDivergedException>()
            .WithMessage("Training diverged at epoch 1, batch *, with learning rate 1E+30*smaller learning rate*").Which;
        thrown.Epoch.Should().Be(1);
        thrown.LearningRate.Should().Be(1e30f);
        SyntheticData.Weights(network).SelectMany(w => w).Should().OnlyContain(v => float.IsFinite(v));

        // The weights are finite but huge: their products overflow, and prediction says so instead of answering NaN.
        Action predict = () => network.Predict(data.Inputs);
        predict.Should().Throw<InvalidOperationException>().WithMessage("*from finite inputs and parameters: the products overflowed*");
    }

    [Fact]
    public void Fit_LossBecomesNaN_ThrowsDivergedNamingTheLoss()
    {
        var data = SyntheticData.Blobs(10, seed: 1);
        data.Inputs[0, 3] = float.NaN;
        Network network = Network.Create([4, 3], seed: 1);
        var trainer = new Trainer(network, new CrossEntropyLoss(), new Sgd(0.1f), new TrainerOptions { Epochs = 1, BatchSize = 30, Shuffle = false });

        Action fit = () => trainer.Fit(data);

        fit.Should().Throw<TrainingDivergedException>().WithMessage("*epoch 1, batch 1*the loss became NaN*")
            .Which.Batch.Should().Be(1);
        SyntheticData.Weights(network).SelectMany(w => w).Should().OnlyContain(v => float.IsFinite(v));
    }

    [Fact]
    public void Fit_Schedule_SetsEachEpochsLearningRate()
    {
        var data = SyntheticData.Blobs(10, seed: 1);
        Network network = Network.Create([4, 3], seed: 1);
        var optimizer = new Sgd(0.4f);
        var trainer = new Trainer(network, new CrossEntropyLoss(), optimizer, Options with { Epochs = 5, Schedule = new StepDecay(2, 0.5f) });

        trainer.Fit(data);

        trainer.History.Epochs.Select(r => r.LearningRate).Should().Equal(0.4f, 0.4f, 0.2f, 0.2f, 0.1f);
        optimizer.LearningRate.Should().Be(0.1f);
    }

    [Fact]
    public void Fit_WeightDecay_ShrinksTheWeights()
    {
        var data = SyntheticData.Blobs(20, seed: 2);
        double Norm(float decay)
        {
            Network network = Network.Create([4, 16, 3], seed: 1);
            new Trainer(network, new CrossEntropyLoss(), new Sgd(0.1f), Options with { Epochs = 20, WeightDecay = decay }).Fit(data);
            return network.Parameters.Sum(p => p.ValueSpan.ToArray().Sum(v => (double)v * v));
        }

        Norm(0.05f).Should().BeLessThan(0.8 * Norm(0f));
    }

    [Fact]
    public void Fit_GradientClipping_BoundsEveryStep()
    {
        var data = SyntheticData.Blobs(20, seed: 3);
        Network network = Network.Create([4, 16, 3], seed: 1);
        float[][] before = SyntheticData.Weights(network);
        var trainer = new Trainer(network, new CrossEntropyLoss(), new Sgd(1f), new TrainerOptions { Iterations = 1, BatchSize = TrainerOptions.FullBatch, GradientClipNorm = 1e-3f });

        trainer.Fit(data);

        double step = Math.Sqrt(SyntheticData.Weights(network).Zip(before).Sum(p => p.First.Zip(p.Second).Sum(v => Math.Pow(v.First - v.Second, 2))));
        step.Should().BeLessThanOrEqualTo(1e-3 * 1.0001).And.BeGreaterThan(0.9e-3);
    }

    [Fact]
    public void Fit_Progress_ReportsEveryBatchThenTheEpochRow()
    {
        var data = SyntheticData.Blobs(16, seed: 4); // 48 samples: 3 batches of 16
        Network network = Network.Create([4, 3], seed: 1);
        var reports = new List<TrainingProgress>();
        var trainer = new Trainer(network, new CrossEntropyLoss(), new Sgd(0.1f), Options with { Epochs = 2 });

        trainer.Fit(data, progress: new SynchronousProgress(reports.Add));

        reports.Select(r => (r.Epoch, r.Batch, r.IsEpochEnd)).Should().Equal(
            (1, 1, false), (1, 2, false), (1, 3, false), (1, 3, true),
            (2, 1, false), (2, 2, false), (2, 3, false), (2, 3, true));
        reports.Should().OnlyContain(r => r.BatchesPerEpoch == 3 && double.IsFinite(r.RunningLoss));
        reports[3].EpochEnd.Should().BeSameAs(trainer.History.Epochs[0]);
        reports[3].RunningLoss.Should().Be(trainer.History.Epochs[0].TrainLoss);
    }

    [Fact]
    public void Fit_AfterFinishing_ReturnsAtOnce()
    {
        var data = SyntheticData.Blobs(10, seed: 1);
        Network network = Network.Create([4, 3], seed: 1);
        var trainer = new Trainer(network, new CrossEntropyLoss(), new Sgd(0.1f), Options with { Epochs = 2 });
        trainer.Fit(data);
        float[][] after = SyntheticData.Weights(network);

        trainer.Fit(data);

        trainer.History.Epochs.Should().HaveCount(2);
        SyntheticData.Weights(network).Should().BeEquivalentTo(after, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Fit_SetsTheNetworksInputScalingAndLeavesInferenceMode()
    {
        var data = new NeuralNet.Data.Dataset(
            SyntheticData.Blobs(10, seed: 1).Inputs, SyntheticData.Blobs(10, seed: 1).Labels.ToArray(), 3, NeuralNet.Preprocessing.InputScaling.UnitRange);
        Network network = Network.Create([4, 3], seed: 1);
        network.IsTraining = false;

        new Trainer(network, new CrossEntropyLoss(), new Sgd(0.1f), Options with { Epochs = 1 }).Fit(data);

        network.InputScaling.Should().Be(NeuralNet.Preprocessing.InputScaling.UnitRange);
        network.IsTraining.Should().BeFalse();
    }

    [Theory]
    [InlineData(4)]
    [InlineData(64)]
    public void Fit_AfterTheFirstEpoch_AllocatesNothingPerBatch(int batchSize)
    {
        var data = SyntheticData.Spirals(256, seed: 1); // 512 samples: 128 batches of 4, or 8 of 64
        Network network = Network.Create([2, 32, 2], seed: 1);
        var trainer = new Trainer(network, new CrossEntropyLoss(), new Adam(0.001f), new TrainerOptions { Epochs = 5, BatchSize = batchSize });
        var endOfEpoch = new long[6];
        var progress = new SynchronousProgress(p =>
        {
            if (p.IsEpochEnd)
            {
                endOfEpoch[p.Epoch] = GC.GetAllocatedBytesForCurrentThread();
            }
        });

        trainer.Fit(data, progress: progress);

        // An epoch's bookkeeping: a shuffled order (2 KB) and a history row; nothing that grows with the batches. The
        // quietest of epochs 2 to 5 is the one compared: this thread computes a product's parts itself, and makes its own
        // per-thread buffers for them once, whenever another test's thread holds the product helpers.
        long quietest = Enumerable.Range(2, 4).Min(e => endOfEpoch[e] - endOfEpoch[e - 1]);
        quietest.Should().BeLessThan((512 * sizeof(int)) + 1024);
    }
}
