using NeuralNet.Data;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Serialization;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary>Callbacks of the user's: when they run, what they see, how they stop a run, and that watching changes nothing.</summary>
public sealed class TrainingCallbackTests
{
    [Fact]
    public void Fit_UserCallback_SeesEveryMomentInOrder()
    {
        Dataset data = SyntheticData.Blobs(10, seed: 1); // 30 samples: 3 batches of 10 an epoch
        var trainer = new Trainer(Network.Create([4, 8, 3], seed: 1), new CrossEntropyLoss(), new Sgd(0.1f), new TrainerOptions { Epochs = 2, BatchSize = 10 });
        var log = new EventLog();
        trainer.Callbacks.Add(log);

        trainer.Fit(data);

        string batches = "loss 1/1, end 1/1, loss 1/2, end 1/2, loss 1/3, end 1/3";
        log.Events.Should().Equal(
            ["fit start", "epoch 1 start", .. batches.Split(", "), "epoch 1 end (row 1)", "epoch 2 start",
             .. batches.Replace("1/", "2/", StringComparison.Ordinal).Split(", "), "epoch 2 end (row 2)", "fit end Completed"]);
    }

    [Fact]
    public void Fit_CallbackStopsMidEpoch_EndsThatEpochAfterTheBatch()
    {
        Dataset data = SyntheticData.Blobs(10, seed: 1);
        var trainer = new Trainer(Network.Create([4, 8, 3], seed: 1), new CrossEntropyLoss(), new Sgd(0.1f), new TrainerOptions { Epochs = 5, BatchSize = 10 });
        trainer.Callbacks.Add(new StopAt(iteration: 5));

        TrainingHistory history = trainer.Fit(data);

        history.StopReason.Should().Be(StopReason.Stopped);
        trainer.CompletedIterations.Should().Be(5);
        history.Epochs.Select(e => e.Samples).Should().Equal([30, 20], "the second epoch ends after its second batch, with its row");
        trainer.IsFinished.Should().BeTrue();
        trainer.Fit(data).Epochs.Should().HaveCount(2, "a stopped run does not go on");
    }

    [Fact]
    public void Fit_WithWatchingCallbacks_TrainsBitIdentically()
    {
        Dataset data = SyntheticData.Spirals(40, seed: 3);
        Network plain = Network.Create([2, 16, 2], seed: 4);
        Network watched = Network.Create([2, 16, 2], seed: 4);
        var options = new TrainerOptions { Epochs = 4, BatchSize = 8 };
        new Trainer(plain, new CrossEntropyLoss(), new Adam(0.01f), options).Fit(data);
        var trainer = new Trainer(watched, new CrossEntropyLoss(), new Adam(0.01f), options);
        trainer.Callbacks.Add(new EventLog());

        trainer.Fit(data);

        TestModelsBits(watched).Should().Equal(TestModelsBits(plain));
    }

    [Fact]
    public void Fit_CallbackThrowsBeforeBackward_LeavesTheWeightsOfThePreviousBatch()
    {
        Dataset data = SyntheticData.Blobs(10, seed: 1);
        Network network = Network.Create([4, 8, 3], seed: 1);
        var trainer = new Trainer(network, new CrossEntropyLoss(), new Sgd(0.1f), new TrainerOptions { Epochs = 1, BatchSize = 10 });
        var refuse = new RefuseBatch(2);
        trainer.Callbacks.Add(refuse);

        Action fit = () => trainer.Fit(data);

        fit.Should().Throw<InvalidOperationException>().WithMessage("batch 2 refused");
        TestModelsBits(network).Should().Equal(refuse.WeightsBefore, "the refused batch made no update");
        trainer.CompletedIterations.Should().Be(1);
    }

    private static int[] TestModelsBits(Network network) =>
        [.. network.Parameters.SelectMany(p => p.ValueSpan.ToArray()).Select(BitConverter.SingleToInt32Bits)];

    private sealed class EventLog : TrainingCallback
    {
        public List<string> Events { get; } = [];

        public override void OnFitStart(TrainingContext context) => Events.Add("fit start");

        public override void OnEpochStart(TrainingContext context) => Events.Add($"epoch {context.Epoch} start");

        public override void OnBeforeBackward(TrainingContext context, in BatchLoss loss) =>
            Events.Add($"loss {context.Epoch}/{context.BatchInEpoch + 1}");

        public override void OnBatchEnd(TrainingContext context, in BatchOutcome outcome) =>
            Events.Add($"end {context.Epoch}/{context.BatchInEpoch}");

        public override void OnEpochEnd(TrainingContext context, EpochRecord record) =>
            Events.Add($"epoch {context.Epoch} end (row {context.Trainer.History.Epochs.Count})");

        public override void OnFitEnd(TrainingContext context, StopReason reason) => Events.Add($"fit end {reason}");
    }

    private sealed class StopAt(long iteration) : TrainingCallback
    {
        public override void OnBatchEnd(TrainingContext context, in BatchOutcome outcome)
        {
            if (context.Iterations == iteration)
            {
                context.Stop();
            }
        }
    }

    private sealed class RefuseBatch(int batch) : TrainingCallback
    {
        public int[] WeightsBefore { get; private set; } = [];

        public override void OnBeforeBackward(TrainingContext context, in BatchLoss loss)
        {
            if (context.BatchInEpoch + 1 == batch)
            {
                WeightsBefore = TestModelsBits(context.Network);
                throw new InvalidOperationException($"batch {batch} refused");
            }
        }
    }
}
