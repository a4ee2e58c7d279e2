using System.Buffers.Binary;
using NeuralNet.Activations;
using NeuralNet.Layers;
using NeuralNet.Serialization;
using NeuralNet.Tests.TestData;

namespace NeuralNet.Tests.Serialization;

/// <summary>Model files of convolutional networks: every layer kind round-trips bit for bit, batch norm's running statistics included.</summary>
public sealed class CnnModelFileTests
{
    [Fact]
    public void SaveLoad_EveryLayerKind_PredictsBitIdenticallyAndKeepsTheRunningStatistics()
    {
        using var folder = new TempDirectory();
        Network network = TestCnns.Warmed();
        string path = folder.File("cnn.nnm");

        network.Save(path);
        Network loaded = Network.Load(path);

        loaded.Layers.Select(l => l.ToString()).Should().Equal(network.Layers.Select(l => l.ToString()));
        loaded.Layers.Select(l => l.InputShape).Should().Equal(network.Layers.Select(l => l.InputShape));
        loaded.ToString().Should().Be(network.ToString());
        TestModels.ParameterBits(loaded).Should().Equal(TestModels.ParameterBits(network));
        TestCnns.RunningStatisticsBits(loaded).Should().Equal(TestCnns.RunningStatisticsBits(network));
        TestCnns.RunningStatisticsBits(network).Should().Contain(b => b != 0 && b != BitConverter.SingleToInt32Bits(1f), "the warm-up moved the statistics");
        loaded.InputScaling.Should().Be(network.InputScaling);
        Matrix<float> inputs = TestModels.RandomInputs(network.InputSize, 40, seed: 3);
        TestModels.Bits(loaded.PredictProbabilities(inputs).AsColumnMajorArray())
            .Should().Equal(TestModels.Bits(network.PredictProbabilities(inputs).AsColumnMajorArray()));
        loaded.Predict(inputs).Should().Equal(network.Predict(inputs));
    }

    [Fact]
    public void SaveLoad_EveryLayerKind_KeepsEachSetting()
    {
        Network network = TestCnns.Warmed();

        Network loaded = Network.Load(new MemoryStream(TestModels.Bytes(network)));

        var conv = (Conv2D)loaded.Layers[3];
        (conv.InputShape, conv.OutputChannels, conv.KernelSize, conv.Stride, conv.Padding, conv.Activation.Name)
            .Should().Be((new SampleShape(4, 4, 4), 6, 3, 2, 1, "Tanh"));
        var norm = (BatchNorm)loaded.Layers[1];
        (norm.InputShape, norm.Momentum, norm.Epsilon).Should().Be((new SampleShape(4, 8, 8), 0.2f, 1e-4f));
        var average = (AveragePool2D)loaded.Layers[4];
        (average.InputShape, average.Size, average.Stride).Should().Be((new SampleShape(6, 2, 2), 2, 1));
        ((MaxPool2D)loaded.Layers[2]).Stride.Should().Be(2);
        ((BatchNorm)loaded.Layers[6]).InputShape.Should().Be(SampleShape.Flat(5));
        ((Dropout)loaded.Layers[7]).Rate.Should().Be(0.3f);
    }

    [Fact]
    public void Save_LoadedCnn_WritesTheSameBytes()
    {
        byte[] bytes = TestModels.Bytes(TestCnns.Warmed());

        TestModels.Bytes(Network.Load(new MemoryStream(bytes))).Should().Equal(bytes);
    }

    [Fact]
    public void Save_SpecialRunningStatistics_SurviveBitForBit()
    {
        Network network = TestCnns.EveryLayer();
        var norm = (BatchNorm)network.Layers[6];
        norm.SetRunningStatistics([-0f, float.Epsilon, -float.MaxValue, 1e-30f, 7f], [0f, float.Epsilon, float.MaxValue, 1e-30f, 0.5f]);

        Network loaded = Network.Load(new MemoryStream(TestModels.Bytes(network)));

        TestCnns.RunningStatisticsBits(loaded).Should().Equal(TestCnns.RunningStatisticsBits(network));
    }

    [Fact]
    public void Save_Conv2D_WritesKindThreeWithItsSettingsAndOnnxWeightOrder()
    {
        var conv = new Conv2D(new SampleShape(2, 5, 6), 3, 3, new Relu(), stride: 2, padding: 1);
        var network = new Network(conv, new DenseLayer(conv.OutputSize, 2, new Softmax()));
        byte[] bytes = TestModels.Bytes(network);
        var span = bytes.AsSpan();

        BinaryPrimitives.ReadUInt32LittleEndian(span[28..]).Should().Be(60u, "the network's input size is C·H·W");
        BinaryPrimitives.ReadUInt16LittleEndian(span[32..]).Should().Be(3, "layer 0 kind: conv");
        BinaryPrimitives.ReadUInt32LittleEndian(span[34..]).Should().Be((7 * 4) + 2 + 4u, "seven counts and \"ReLU\"");
        uint[] counts = [.. Enumerable.Range(0, 7).Select(i => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(38 + (4 * i))))];
        counts.Should().Equal([2u, 5, 6, 3, 3, 2, 1], "C_in, H, W, C_out, kernel, stride, padding");
        BinaryPrimitives.ReadUInt16LittleEndian(span[66..]).Should().Be(4);
        span[68..72].ToArray().Should().Equal("ReLU"u8.ToArray());

        // The parameters start after the dense record and the scaling; the filters first, as [C_out, C_in, k, k].
        int parameters = bytes.Length - 4 - (int)(4 * network.ParameterCount);
        for (int i = 0; i < conv.Weights.Length; i++)
        {
            int o = i / 18, c = i / 9 % 2, ky = i / 3 % 3, kx = i % 3;
            BinaryPrimitives.ReadSingleLittleEndian(span[(parameters + (4 * i))..])
                .Should().Be(conv.Weights.Value[(((c * 3) + ky) * 3) + kx, o], $"weight [{o}, {c}, {ky}, {kx}]");
        }
    }

    [Fact]
    public void Save_BatchNorm_WritesKindSixWithItsStatisticsInTheRecord()
    {
        var norm = new BatchNorm(new SampleShape(2, 1, 1), momentum: 0.25f, epsilon: 0.5f);
        norm.SetRunningStatistics([1.5f, -2f], [3f, 0.25f]);
        byte[] bytes = TestModels.Bytes(new Network(norm));
        var span = bytes.AsSpan();

        BinaryPrimitives.ReadUInt16LittleEndian(span[32..]).Should().Be(6, "layer 0 kind: batch-norm");
        BinaryPrimitives.ReadUInt32LittleEndian(span[34..]).Should().Be((3 * 4) + 8 + 16u, "shape, momentum and ε, two means and two variances");
        float[] fields = [.. Enumerable.Range(0, 6).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(50 + (4 * i))))];
        fields.Should().Equal(0.25f, 0.5f, 1.5f, -2f, 3f, 0.25f);
    }

    [Theory]
    [InlineData(typeof(MaxPool2D), 4)]
    [InlineData(typeof(AveragePool2D), 5)]
    public void Save_Pooling_WritesItsKindShapeSizeAndStride(Type type, int kind)
    {
        var shape = new SampleShape(3, 7, 5);
        Layer pool = type == typeof(MaxPool2D) ? new MaxPool2D(shape, 3, 2) : new AveragePool2D(shape, 3, 2);
        byte[] bytes = TestModels.Bytes(new Network(pool));
        var span = bytes.AsSpan();

        BinaryPrimitives.ReadUInt16LittleEndian(span[32..]).Should().Be((ushort)kind);
        BinaryPrimitives.ReadUInt32LittleEndian(span[34..]).Should().Be(20u);
        uint[] counts = [.. Enumerable.Range(0, 5).Select(i => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(38 + (4 * i))))];
        counts.Should().Equal(3u, 7, 5, 3, 2);
        Network.Load(new MemoryStream(bytes)).Layers[0].OutputShape.Should().Be(new SampleShape(3, 3, 2));
    }

    [Fact]
    public void Save_DenseOnlyNetwork_StillWritesTheSameRecords()
    {
        // The descriptors of kinds 1 and 2 moved their shared fields out; their bytes are those NeuralNet 0.1 wrote.
        var network = Network.Create([3, 2, 2], new Relu(), new Softmax(), seed: 1, dropout: 0.25f);
        byte[] bytes = TestModels.Bytes(network);

        byte[] body = bytes[24..^(4 + (4 * (int)network.ParameterCount))];
        byte[] expected = TestModels.FileWithBody(w =>
        {
            w.Write(3);
            w.Write(3);
            TestModels.DenseRecord(w, 3, 2, "ReLU");
            TestModels.DropoutRecord(w, 2, 0.25f);
            TestModels.DenseRecord(w, 2, 2, "Softmax");
            TestModels.NoScaling(w);
            w.Write(14UL);
        })[24..^4];
        body.Should().Equal(expected);
    }
}
