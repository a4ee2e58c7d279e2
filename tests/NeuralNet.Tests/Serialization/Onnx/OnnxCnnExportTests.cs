using System.Buffers.Binary;
using NeuralNet.Activations;
using NeuralNet.Layers;
using NeuralNet.Serialization.Onnx;

namespace NeuralNet.Tests.Serialization.Onnx;

/// <summary>The graph of an exported CNN: the nodes, their attributes and initializers as the ONNX operators define them (ONNX Runtime checks the numbers, in <see cref="OnnxRuntimeTests"/>).</summary>
public sealed class OnnxCnnExportTests
{
    [Fact]
    public void Export_EveryLayerKind_GivesTheNodesInOrderWithOneReshapeAndOneFlatten()
    {
        ModelProto model = ExportAndParse(TestCnns.Warmed());

        model.Graph.Node.Select(n => n.OpType).Should().Equal(
            "Mul", "Add", "Reshape", "Conv", "Relu", "BatchNormalization", "MaxPool", "Conv", "Tanh", "AveragePool",
            "Flatten", "Gemm", "Relu", "BatchNormalization", "Gemm", "Softmax");
        model.OpsetImport.Should().ContainSingle().Which.Version.Should().Be(13, "every node is in operator set 13");
        model.Graph.Node[^1].Output.Should().Equal("output");
    }

    [Fact]
    public void Export_FirstImageLayer_IsPrecededByAReshapeToNchwWithTheBatchInferred()
    {
        ModelProto model = ExportAndParse(TestCnns.EveryLayer());

        NodeProto reshape = model.Graph.Node[0];
        reshape.OpType.Should().Be("Reshape");
        reshape.Input[0].Should().Be("input");
        TensorProto shape = model.Graph.Initializer.Single(t => t.Name == reshape.Input[1]);
        shape.DataType.Should().Be((int)TensorProto.Types.DataType.Int64);
        Int64s(shape).Should().Equal(-1, 2, 8, 8);
        model.Graph.Node[1].Input[0].Should().Be(reshape.Output[0]);
    }

    [Fact]
    public void Export_Conv2D_WritesItsFiltersAsTheyLieAndItsGeometryAsAttributes()
    {
        var conv = new Conv2D(new SampleShape(3, 9, 7), 5, 3, new Relu(), stride: 2, padding: 1, random: new NeuralNet.Randomness.SeededRandom(4));
        var network = new Network(conv, new DenseLayer(conv.OutputSize, 2, new Softmax()));

        ModelProto model = ExportAndParse(network);

        NodeProto node = model.Graph.Node.Single(n => n.OpType == "Conv");
        Ints(node, "kernel_shape").Should().Equal(3, 3);
        Ints(node, "strides").Should().Equal(2, 2);
        Ints(node, "pads").Should().Equal(1, 1, 1, 1);
        TensorProto weights = model.Graph.Initializer.Single(t => t.Name == node.Input[1]);
        weights.Dims.Should().Equal(5, 3, 3, 3);
        Floats(weights).Should().Equal(conv.Weights.ValueSpan.ToArray(), "[C_out, C_in, k, k] is the filters' memory order");
        TensorProto biases = model.Graph.Initializer.Single(t => t.Name == node.Input[2]);
        biases.Dims.Should().Equal(5);
        Floats(biases).Should().Equal(conv.Biases.ValueSpan.ToArray());
    }

    [Fact]
    public void Export_Pooling_WritesWindowAndStride()
    {
        var max = new MaxPool2D(new SampleShape(2, 9, 9), 3, 2);
        var average = new AveragePool2D(max.OutputShape, 2, 1);

        ModelProto model = ExportAndParse(new Network(max, average));

        NodeProto maxNode = model.Graph.Node.Single(n => n.OpType == "MaxPool");
        NodeProto averageNode = model.Graph.Node.Single(n => n.OpType == "AveragePool");
        (Ints(maxNode, "kernel_shape"), Ints(maxNode, "strides")).Should().BeEquivalentTo((new long[] { 3, 3 }, new long[] { 2, 2 }));
        (Ints(averageNode, "kernel_shape"), Ints(averageNode, "strides")).Should().BeEquivalentTo((new long[] { 2, 2 }, new long[] { 1, 1 }));
        maxNode.Attribute.Select(a => a.Name).Should().NotContain("pads", "the layers never pad");
        model.Graph.Node[^1].OpType.Should().Be("Flatten", "an image at the end is flattened to the declared [N, outputs]");
    }

    [Fact]
    public void Export_BatchNorm_WritesTheInferenceFormWithTheRunningStatistics()
    {
        var norm = new BatchNorm(new SampleShape(3, 2, 2), momentum: 0.3f, epsilon: 0.01f);
        norm.SetRunningStatistics([1f, 2f, 3f], [0.5f, 0.25f, 4f]);
        new float[] { 2f, -1f, 0.5f }.CopyTo(norm.Gamma.ValueSpan);
        new float[] { 0.1f, 0.2f, 0.3f }.CopyTo(norm.Beta.ValueSpan);

        ModelProto model = ExportAndParse(new Network(norm));

        NodeProto node = model.Graph.Node.Single(n => n.OpType == "BatchNormalization");
        node.Input.Skip(1).Select(name => Floats(model.Graph.Initializer.Single(t => t.Name == name))).Should().BeEquivalentTo(
            new[] { new[] { 2f, -1f, 0.5f }, [0.1f, 0.2f, 0.3f], [1f, 2f, 3f], [0.5f, 0.25f, 4f] }, o => o.WithStrictOrdering(), "scale, B, mean, var");
        node.Attribute.Single(a => a.Name == "epsilon").F.Should().Be(0.01f);
        node.Attribute.Select(a => a.Name).Should().NotContain("training_mode");
    }

    [Fact]
    public void Export_DenseAfterFlatBatchNormAndConvAfterDense_ReshapesOnlyWhereTheShapeChanges()
    {
        var dense = new DenseLayer(4, 18, new Relu());
        var conv = new Conv2D(new SampleShape(2, 3, 3), 2, 3, new Softmax());
        ModelProto model = ExportAndParse(new Network(new BatchNorm(4), dense, conv));

        model.Graph.Node.Select(n => n.OpType).Should().Equal("BatchNormalization", "Gemm", "Relu", "Reshape", "Conv", "Flatten", "Softmax");
    }

    [Fact]
    public void Export_ConvWithACustomActivation_ThrowsNamingIt()
    {
        var network = new Network(new Conv2D(new SampleShape(1, 4, 4), 2, 3, new Swish()));

        Action export = () => network.ExportOnnx(new MemoryStream());

        export.Should().Throw<NotSupportedException>().WithMessage("Layer 0 of Network(1×4×4 → conv 2×3×3) (Conv2D(1->2, 3×3, Swish)) uses activation 'Swish'*cannot be exported to ONNX*");
    }

    private static ModelProto ExportAndParse(Network network)
    {
        using var stream = new MemoryStream();
        network.ExportOnnx(stream);
        return ModelProto.Parser.ParseFrom(stream.ToArray());
    }

    private static long[] Ints(NodeProto node, string name) => [.. node.Attribute.Single(a => a.Name == name).Ints];

    private static float[] Floats(TensorProto tensor)
    {
        byte[] bytes = tensor.RawData.ToByteArray();
        return [.. Enumerable.Range(0, bytes.Length / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i)))];
    }

    private static long[] Int64s(TensorProto tensor)
    {
        byte[] bytes = tensor.RawData.ToByteArray();
        return [.. Enumerable.Range(0, bytes.Length / 8).Select(i => BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8 * i)))];
    }

    private sealed class Swish : Activation
    {
        public override string Name => "Swish";

        public override void Forward(Matrix<float> z, Matrix<float> a) => z.CopyTo(a);

        public override void Backward(Matrix<float> z, Matrix<float> a, Matrix<float> outputGradient, Matrix<float> inputGradient) =>
            outputGradient.CopyTo(inputGradient);
    }
}
