using NeuralNet.Optimizers;
using NeuralNet.Losses;
using NeuralNet.Tests.Serialization;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary>Checkpoints the fuzz harness (tests/NeuralNet.Fuzz) found to break the loader, each fixed at its root and kept here.</summary>
public sealed class CheckpointFuzzFindingsTests
{
    /// <summary>The u64 fields the library keeps as a long, and the words their error names.</summary>
    public static TheoryData<string, string> LongFields => new()
    {
        { "optimizer steps", "the optimizer's step count" },
        { "parameter 0 steps", "the step count of parameter 0" },
        { "iteration limit", "the iteration limit" },
        { "completed iterations", "the completed iterations" },
        { "epoch correct count", "the current epoch's correct count" },
        { "history 0 iterations", "the iterations of history row 0" },
    };

    [Theory]
    [MemberData(nameof(LongFields))]
    public void Load_U64AboveLongMaxValue_ThrowsInvalidCheckpointWithTheField(string field, string words)
    {
        // Before the fix each was read with checked((long)value): 2^63 threw OverflowException instead of the file's exception.
        byte[] bytes = MidEpochCheckpoint();
        FileField target = FileLayout.Checkpoint(bytes)[field];
        byte[] tampered = TestModels.Reseal(target.Set(bytes, 1UL << 63));

        Action load = () => Trainer.LoadCheckpoint(new MemoryStream(tampered));

        load.Should().Throw<InvalidCheckpointFileException>()
            .WithMessage($"*at byte {target.Offset}*{words} is 9223372036854775808, outside the range [0, 9223372036854775807]*");
    }

    [Fact]
    public void Load_U64AtLongMaxValue_IsReadAsWritten()
    {
        byte[] bytes = MidEpochCheckpoint();
        byte[] tampered = TestModels.Reseal(FileLayout.Checkpoint(bytes)["optimizer steps"].Set(bytes, long.MaxValue));

        Trainer loaded = Trainer.LoadCheckpoint(new MemoryStream(tampered));

        loaded.Optimizer.Steps.Should().Be(long.MaxValue);
    }

    // One epoch and two batches of another, with an iteration limit and Momentum's buffers: every u64 count is in the file.
    private static byte[] MidEpochCheckpoint()
    {
        var data = SyntheticData.Blobs(8, seed: 1);
        var trainer = new Trainer(Network.Create([4, 3], seed: 1), new CrossEntropyLoss(), new Momentum(0.1f), new TrainerOptions { Epochs = 3, Iterations = 100, BatchSize = 8 });
        using var cancel = new CancellationTokenSource();
        trainer.Fit(data, progress: new SynchronousProgress(p =>
        {
            if (p.Iterations == 5)
            {
                cancel.Cancel();
            }
        }), cancellationToken: cancel.Token);
        trainer.CompletedIterations.Should().Be(5, "the checkpoint is written in the middle of the second epoch");
        using var stream = new MemoryStream();
        trainer.SaveCheckpoint(stream);
        return stream.ToArray();
    }
}
