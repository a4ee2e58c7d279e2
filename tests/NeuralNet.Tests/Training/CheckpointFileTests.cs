using System.Buffers.Binary;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Serialization;
using NeuralNet.Tests.Serialization;
using NeuralNet.Tests.TestData;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

public sealed class CheckpointFileTests
{
    private static byte[] SmallCheckpoint()
    {
        var data = SyntheticData.Blobs(8, seed: 1);
        var trainer = new Trainer(Network.Create([4, 3], seed: 1, dropout: 0f), new CrossEntropyLoss(), new Momentum(0.1f), new TrainerOptions { Epochs = 2, BatchSize = 8 });
        trainer.Fit(data);
        using var stream = new MemoryStream();
        trainer.SaveCheckpoint(stream);
        return stream.ToArray();
    }

    [Fact]
    public void SaveAndLoad_Stream_RestoresNetworkOptimizerStateAndHistory()
    {
        var data = SyntheticData.Blobs(8, seed: 1);
        var trainer = new Trainer(Network.Create([4, 5, 3], seed: 1, dropout: 0.5f), new MeanSquaredErrorLoss(), new AdamW(0.01f), new TrainerOptions { Epochs = 3, BatchSize = 8, Seed = 9 });
        trainer.Fit(data, data);
        using var stream = new MemoryStream();
        trainer.SaveCheckpoint(stream);
        stream.Position = 0;

        Trainer loaded = Trainer.LoadCheckpoint(stream);

        loaded.Network.ToString().Should().Be(trainer.Network.ToString());
        loaded.Network.Parameters.Select(p => TestModels.Bits(p.ValueSpan)).Should().BeEquivalentTo(trainer.Network.Parameters.Select(p => TestModels.Bits(p.ValueSpan)), o => o.WithStrictOrdering());
        loaded.Loss.Should().BeOfType<MeanSquaredErrorLoss>();
        loaded.Optimizer.Should().BeOfType<AdamW>().Which.ToString().Should().Be(trainer.Optimizer.ToString());
        loaded.Optimizer.Steps.Should().Be(trainer.Optimizer.Steps);
        for (int p = 0; p < trainer.Network.Parameters.Count; p++)
        {
            Optimizer.ParameterState expected = trainer.Optimizer.StateOf(trainer.Network.Parameters[p]);
            Optimizer.ParameterState actual = loaded.Optimizer.StateOf(loaded.Network.Parameters[p]);
            actual.Steps.Should().Be(expected.Steps);
            actual.Buffers.Should().BeEquivalentTo(expected.Buffers, o => o.WithStrictOrdering());
        }

        loaded.Options.Should().Be(trainer.Options with { Schedule = loaded.Options.Schedule });
        loaded.History.Epochs.Should().Equal(trainer.History.Epochs);
        loaded.History.StopReason.Should().Be(StopReason.Completed);
        loaded.IsFinished.Should().BeTrue();
        loaded.Network.Layers.OfType<Dropout>().Single().Random.NextUInt64()
            .Should().Be(trainer.Network.Layers.OfType<Dropout>().Single().Random.NextUInt64());
        stream.Position.Should().Be(stream.Length);
    }

    [Fact]
    public void Load_EveryTruncatedLength_ThrowsTruncated()
    {
        byte[] whole = SmallCheckpoint();

        for (int length = 0; length < whole.Length; length++)
        {
            Action load = () => Trainer.LoadCheckpoint(new MemoryStream(whole[..length]));

            load.Should().Throw<InvalidCheckpointFileException>().WithMessage(length == 0 ? "*empty*" : "*truncated*", $"length {length} of {whole.Length}");
        }
    }

    [Fact]
    public void Load_EveryFlippedByte_Throws()
    {
        byte[] whole = SmallCheckpoint();

        for (int position = 0; position < whole.Length; position++)
        {
            byte[] damaged = (byte[])whole.Clone();
            damaged[position] ^= 0x10;

            Action load = () => Trainer.LoadCheckpoint(new MemoryStream(damaged));

            load.Should().Throw<InvalidCheckpointFileException>($"byte {position} was flipped");
        }
    }

    [Fact]
    public void Load_AModelFile_SaysToLoadItWithNetworkLoad()
    {
        using var folder = new TempDirectory();
        string path = folder.File("model.nnet");
        TestModels.Small().Save(path);

        Action load = () => Trainer.LoadCheckpoint(path);

        load.Should().Throw<InvalidCheckpointFileException>().WithMessage($"'{path}' cannot be loaded as a NeuralNet checkpoint*model file, not a checkpoint file; load it with Network.Load*");
    }

    [Fact]
    public void NetworkLoad_ACheckpoint_SaysToLoadItWithTrainerLoadCheckpoint()
    {
        Action load = () => Network.Load(new MemoryStream(SmallCheckpoint()));

        load.Should().Throw<InvalidModelFileException>().WithMessage("*checkpoint file, not a model file; load it with Trainer.LoadCheckpoint*");
    }

    [Fact]
    public void Load_FutureVersion_SaysToUpdate()
    {
        byte[] bytes = SmallCheckpoint();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 7);

        Action load = () => Trainer.LoadCheckpoint(new MemoryStream(TestModels.Reseal(bytes)));

        load.Should().Throw<InvalidCheckpointFileException>().WithMessage("*format version 7 by a newer NeuralNet*update*");
    }

    [Fact]
    public void Load_VersionOneCheckpoint_SaysWhichVersionsAreRead()
    {
        // NeuralNet 0.1's checkpoints had one block of trainer state; 0.2 gives each callback its section.
        byte[] bytes = SmallCheckpoint();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 1);

        Action load = () => Trainer.LoadCheckpoint(new MemoryStream(TestModels.Reseal(bytes)));

        load.Should().Throw<InvalidCheckpointFileException>().WithMessage("*(at byte 8)*format version 1 by an older NeuralNet*format 2 to 2*");
    }

    [Fact]
    public void Load_UnknownOptimizerName_NamesIt()
    {
        byte[] bytes = SmallCheckpoint();
        int at = IndexOf(bytes, "Momentum"u8);
        "Mamentum"u8.CopyTo(bytes.AsSpan(at));

        Action load = () => Trainer.LoadCheckpoint(new MemoryStream(TestModels.Reseal(bytes)));

        load.Should().Throw<InvalidCheckpointFileException>().WithMessage($"*(at byte {at - 2})*optimizer 'Mamentum'*does not know*");
    }

    [Fact]
    public void Save_MissingFolder_ThrowsAndCreatesNothing()
    {
        using var folder = new TempDirectory();
        var trainer = new Trainer(Network.Create([4, 3]), new CrossEntropyLoss(), new Sgd(0.1f));

        Action save = () => trainer.SaveCheckpoint(folder.File("missing/c.nnc"));

        save.Should().Throw<DirectoryNotFoundException>().WithMessage("*missing*does not exist*");
        folder.Entries().Should().BeEmpty();
    }

    [Fact]
    public void Save_CustomOptimizer_ThrowsBeforeWritingAnything()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("c.nnc"), "older");
        var trainer = new Trainer(Network.Create([4, 3]), new CrossEntropyLoss(), new HalvingOptimizer());

        Action save = () => trainer.SaveCheckpoint(folder.File("c.nnc"));

        save.Should().Throw<NotSupportedException>().WithMessage("*HalvingOptimizer*SGD, Momentum*");
        folder.Entries().Should().Equal("c.nnc");
        File.ReadAllText(folder.File("c.nnc")).Should().Be("older");
    }

    [Fact]
    public void Fit_CheckpointEvery_WritesTheNamedFiles()
    {
        using var folder = new TempDirectory();
        var data = SyntheticData.Blobs(8, seed: 1);
        var trainer = new Trainer(
            Network.Create([4, 3]),
            new CrossEntropyLoss(),
            new Sgd(0.1f),
            new TrainerOptions { Epochs = 5, BatchSize = 8, CheckpointEvery = 2, CheckpointPath = folder.File("checkpoint-epoch-{epoch}.nnc") });

        TrainingHistory history = trainer.Fit(data);

        folder.Entries().Should().Equal("checkpoint-epoch-2.nnc", "checkpoint-epoch-4.nnc", "checkpoint-epoch-5.nnc");
        history.LastCheckpoint.Should().Be(folder.File("checkpoint-epoch-5.nnc"));
        Trainer.LoadCheckpoint(folder.File("checkpoint-epoch-4.nnc")).CompletedEpochs.Should().Be(4);
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);

    private sealed class HalvingOptimizer() : Optimizer(0.5f)
    {
        public override string Name => "Halving";

        public override IReadOnlyList<string> StateNames => [];

        protected override void Update(Span<float> value, ReadOnlySpan<float> gradient, float[][] state, long step) =>
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(gradient, -LearningRate, value, value);
    }
}
