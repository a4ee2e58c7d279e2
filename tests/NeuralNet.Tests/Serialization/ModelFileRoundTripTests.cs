using System.Buffers.Binary;
using NeuralNet.Activations;
using NeuralNet.Data;
using NeuralNet.IO;
using NeuralNet.Layers;
using NeuralNet.Preprocessing;
using NeuralNet.Serialization;
using NeuralNet.Tests.TestData;

namespace NeuralNet.Tests.Serialization;

public sealed class ModelFileRoundTripTests
{
    [Fact]
    public void SaveLoad_File_PredictsBitIdentically()
    {
        using var folder = new TempDirectory();
        var network = Network.Create([6, 5, 4, 3], new Tanh(), new Softmax(), seed: 7);
        network.InputScaling = InputScaling.Standardize([1f, 2f, 3f, 4f, 5f, 6f], [1f, 2f, 3f, 4f, 5f, 6f]);
        string path = folder.File("model.nnm");

        network.Save(path);
        Network loaded = Network.Load(path);

        Matrix<float> inputs = TestModels.RandomInputs(6, 50, seed: 11);
        TestModels.Bits(loaded.PredictProbabilities(inputs).AsColumnMajorArray())
            .Should().Equal(TestModels.Bits(network.PredictProbabilities(inputs).AsColumnMajorArray()));
        loaded.Predict(inputs).Should().Equal(network.Predict(inputs));
        TestModels.ParameterBits(loaded).Should().Equal(TestModels.ParameterBits(network));
        loaded.ToString().Should().Be("Network(6-5-4-3)");
        loaded.InputScaling.Should().Be(network.InputScaling);
        loaded.Layers.Cast<DenseLayer>().Select(l => l.Activation.Name).Should().Equal("Tanh", "Tanh", "Softmax");
    }

    [Theory]
    [InlineData("ReLU")]
    [InlineData("LeakyReLU")]
    [InlineData("LeakyReLU(0.2)")]
    [InlineData("LeakyReLU(0.123456789)")]
    [InlineData("Sigmoid")]
    [InlineData("Tanh")]
    [InlineData("Softmax")]
    [InlineData("Identity")]
    public void SaveLoad_EachActivation_KeepsItsNameAndOutputs(string activation)
    {
        var network = Network.Create([3, 4, 2], Activation.FromName(activation), Activation.FromName(activation), seed: 2);

        Network loaded = Network.Load(new MemoryStream(TestModels.Bytes(network)));

        loaded.Layers.Cast<DenseLayer>().Select(l => l.Activation.Name).Should().Equal(network.Layers.Cast<DenseLayer>().Select(l => l.Activation.Name));
        Matrix<float> inputs = TestModels.RandomInputs(3, 20, seed: 5);
        TestModels.Bits(loaded.PredictProbabilities(inputs).AsColumnMajorArray())
            .Should().Equal(TestModels.Bits(network.PredictProbabilities(inputs).AsColumnMajorArray()));
    }

    [Fact]
    public void SaveLoad_UnitRangeScaling_ComesBackAsTheSharedInstance()
    {
        var network = Network.Create([5, 2], seed: 1);
        network.InputScaling = InputScaling.UnitRange;

        Network.Load(new MemoryStream(TestModels.Bytes(network))).InputScaling.Should().BeSameAs(InputScaling.UnitRange);
    }

    [Fact]
    public void SaveLoad_SpecialValues_SurviveBitForBit()
    {
        var network = Network.Create([2, 3], seed: 1);
        float[] special = [float.NaN, -0f, float.PositiveInfinity, float.Epsilon, -float.MaxValue, BitConverter.Int32BitsToSingle(0x7FC00123)];
        special.CopyTo(network.Parameters[0].ValueSpan);

        Network loaded = Network.Load(new MemoryStream(TestModels.Bytes(network)));

        TestModels.ParameterBits(loaded).Should().Equal(TestModels.ParameterBits(network));
    }

    [Fact]
    public void LoadStream_TwoModelsAndMoreData_ReadsExactlyOneModelEachTime()
    {
        Network first = TestModels.Small(seed: 1);
        Network second = Network.Create([3, 2], seed: 2);
        using var stream = new MemoryStream();
        first.Save(stream);
        long firstEnd = stream.Position;
        second.Save(stream);
        long secondEnd = stream.Position;
        stream.Write("tail"u8);
        stream.Position = 0;

        Network loadedFirst = Network.Load(stream);
        stream.Position.Should().Be(firstEnd);
        Network loadedSecond = Network.Load(stream);
        stream.Position.Should().Be(secondEnd);

        TestModels.ParameterBits(loadedFirst).Should().Equal(TestModels.ParameterBits(first));
        TestModels.ParameterBits(loadedSecond).Should().Equal(TestModels.ParameterBits(second));
    }

    [Fact]
    public void LoadStream_NotSeekable_ReadsTheModel()
    {
        var network = Network.Create([30, 20, 10], seed: 4);

        Network loaded = Network.Load(new ForwardOnlyStream(TestModels.Bytes(network)));

        TestModels.ParameterBits(loaded).Should().Equal(TestModels.ParameterBits(network));
    }

    [Fact]
    public void Save_SameNetworkTwice_WritesTheSameBytes()
    {
        Network network = TestModels.Small();

        TestModels.Bytes(network).Should().Equal(TestModels.Bytes(network));
    }

    [Fact]
    public void Save_SmallNetwork_FollowsTheDocumentedLayout()
    {
        var network = Network.Create([3, 2], new Relu(), new Softmax(), seed: 1);
        byte[] bytes = TestModels.Bytes(network);
        var span = bytes.AsSpan();

        span[..8].ToArray().Should().Equal(0x89, (byte)'N', (byte)'N', (byte)'M', 0x0D, 0x0A, 0x1A, 0x0A);
        BinaryPrimitives.ReadUInt32LittleEndian(span[8..]).Should().Be(1u, "format version");
        BinaryPrimitives.ReadUInt32LittleEndian(span[12..]).Should().Be(0u, "flags");
        BinaryPrimitives.ReadUInt64LittleEndian(span[16..]).Should().Be((ulong)bytes.Length, "file length");
        BinaryPrimitives.ReadUInt32LittleEndian(span[24..]).Should().Be(1u, "layer count");
        BinaryPrimitives.ReadUInt32LittleEndian(span[28..]).Should().Be(3u, "input size");
        BinaryPrimitives.ReadUInt16LittleEndian(span[32..]).Should().Be(1, "layer kind: dense");
        BinaryPrimitives.ReadUInt32LittleEndian(span[34..]).Should().Be(4u + 4 + 2 + 7, "record length");
        BinaryPrimitives.ReadUInt32LittleEndian(span[38..]).Should().Be(3u, "dense inputs");
        BinaryPrimitives.ReadUInt32LittleEndian(span[42..]).Should().Be(2u, "dense outputs");
        BinaryPrimitives.ReadUInt16LittleEndian(span[46..]).Should().Be(7, "activation name length");
        span[48..55].ToArray().Should().Equal("Softmax"u8.ToArray());
        BinaryPrimitives.ReadUInt16LittleEndian(span[55..]).Should().Be(4, "scaling kind length");
        span[57..61].ToArray().Should().Equal("none"u8.ToArray());
        BinaryPrimitives.ReadUInt32LittleEndian(span[61..]).Should().Be(1u, "scaling factor count");
        BinaryPrimitives.ReadSingleLittleEndian(span[65..]).Should().Be(1f, "scale");
        BinaryPrimitives.ReadSingleLittleEndian(span[69..]).Should().Be(0f, "shift");
        BinaryPrimitives.ReadUInt64LittleEndian(span[73..]).Should().Be(8ul, "parameter count: 2x3 weights + 2 biases");
        for (int i = 0; i < 6; i++)
        {
            BinaryPrimitives.ReadSingleLittleEndian(span[(81 + (4 * i))..]).Should().Be(network.Parameters[0].ValueSpan[i], $"weight {i}, column-major");
        }

        bytes.Length.Should().Be(81 + (8 * 4) + 4);
        BinaryPrimitives.ReadUInt32LittleEndian(span[^4..]).Should().Be(Crc32C.Compute(span[..^4]));
    }

    [Fact]
    public void SaveLoad_NetworkWithDropout_KeepsTheLayersAndPredictsBitIdentically()
    {
        using var folder = new TempDirectory();
        var network = Network.Create([6, 5, 4, 3], new Tanh(), new Softmax(), seed: 7, dropout: 0.3f);
        network.InputScaling = InputScaling.UnitRange;
        string path = folder.File("model.nnm");

        network.Save(path);
        Network loaded = Network.Load(path);

        loaded.Layers.Select(l => l.ToString()).Should().Equal(network.Layers.Select(l => l.ToString()));
        loaded.Layers.OfType<Dropout>().Select(d => d.Rate).Should().Equal(0.3f, 0.3f);
        loaded.ToString().Should().Be("Network(6-5-4-3, dropout 0.3)");
        TestModels.ParameterBits(loaded).Should().Equal(TestModels.ParameterBits(network));
        Matrix<float> inputs = TestModels.RandomInputs(6, 50, seed: 11);
        TestModels.Bits(loaded.PredictProbabilities(inputs).AsColumnMajorArray())
            .Should().Equal(TestModels.Bits(network.PredictProbabilities(inputs).AsColumnMajorArray()));
        loaded.Predict(inputs).Should().Equal(network.Predict(inputs));
    }

    [Fact]
    public void Load_NetworkWithDropout_SeedsEachDropoutLayerApart()
    {
        Network loaded = Network.Load(new MemoryStream(TestModels.Bytes(Network.Create([4, 6, 6, 2], seed: 1, dropout: 0.5f))));
        Matrix<float> ones = Matrix<float>.Build.Dense(6, 10, 1f);

        float[] first = loaded.Layers[1].Forward(ones).AsColumnMajorArray().ToArray();

        loaded.Layers[3].Forward(ones).AsColumnMajorArray().Should().NotEqual(first);
    }

    [Fact]
    public void Save_DropoutLayer_WritesKindTwoWithSizeAndRate()
    {
        var network = Network.Create([3, 2, 2], new Relu(), new Softmax(), seed: 1, dropout: 0.25f);
        byte[] bytes = TestModels.Bytes(network);
        var span = bytes.AsSpan();

        BinaryPrimitives.ReadUInt32LittleEndian(span[24..]).Should().Be(3u, "layer count: dense, dropout, dense");
        BinaryPrimitives.ReadUInt16LittleEndian(span[32..]).Should().Be(1, "layer 0 kind: dense");
        BinaryPrimitives.ReadUInt32LittleEndian(span[34..]).Should().Be(4u + 4 + 2 + 4, "dense record length with \"ReLU\"");
        BinaryPrimitives.ReadUInt16LittleEndian(span[52..]).Should().Be(2, "layer 1 kind: dropout");
        BinaryPrimitives.ReadUInt32LittleEndian(span[54..]).Should().Be(8u, "dropout record length");
        BinaryPrimitives.ReadUInt32LittleEndian(span[58..]).Should().Be(2u, "dropout size");
        BinaryPrimitives.ReadSingleLittleEndian(span[62..]).Should().Be(0.25f, "dropout rate");
        BinaryPrimitives.ReadUInt16LittleEndian(span[66..]).Should().Be(1, "layer 2 kind: dense");
    }

    [Fact]
    public void Save_CustomActivation_ThrowsNotSupportedAndLeavesTheFolderUnchanged()
    {
        using var folder = new TempDirectory();
        string path = folder.File("model.nnm");
        TestModels.Small().Save(path);
        byte[] before = File.ReadAllBytes(path);
        var network = Network.Create([3, 2], new Swish(), new Swish());

        Action save = () => network.Save(path);

        save.Should().Throw<NotSupportedException>().WithMessage("*Swish*");
        File.ReadAllBytes(path).Should().Equal(before);
        folder.Entries().Should().Equal("model.nnm");
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        using var folder = new TempDirectory();

        Action load = () => Network.Load(folder.File("absent.nnm"));

        load.Should().Throw<FileNotFoundException>().WithMessage("*absent.nnm*");
    }

    private sealed class Swish : Activation
    {
        public override string Name => "Swish";

        public override void Forward(Matrix<float> z, Matrix<float> a) => z.CopyTo(a);

        public override void Backward(Matrix<float> z, Matrix<float> a, Matrix<float> outputGradient, Matrix<float> inputGradient) =>
            outputGradient.CopyTo(inputGradient);
    }
}
