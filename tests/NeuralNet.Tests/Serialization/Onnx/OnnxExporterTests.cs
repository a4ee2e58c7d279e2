using System.Buffers.Binary;
using NeuralNet.Activations;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Preprocessing;
using NeuralNet.Serialization.Onnx;

namespace NeuralNet.Tests.Serialization.Onnx;

public sealed class OnnxExporterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("neuralnet-onnx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> ActivationNames => ["relu", "leaky-relu", "LeakyReLU(0)", "sigmoid", "tanh", "softmax", "identity"];

    [Fact]
    public void Export_ReluSoftmaxNetwork_ParsesBackToGemmReluGemmSoftmax()
    {
        Network network = Network.Create([4, 5, 3], seed: 1);

        ModelProto model = ExportAndParse(network);

        model.IrVersion.Should().Be(7);
        model.OpsetImport.Should().ContainSingle().Which.Should().Match<OperatorSetIdProto>(o => o.Domain == "" && o.Version == 13);
        model.ProducerName.Should().Be("NeuralNet");
        model.ProducerVersion.Should().MatchRegex(@"^\d+\.\d+\.\d+").And.NotContain("+");
        model.Graph.Node.Select(n => n.OpType).Should().Equal("Gemm", "Relu", "Gemm", "Softmax");
        model.Graph.Node[^1].Output.Should().Equal("output");
        model.Graph.Node[0].Input[0].Should().Be("input", "an unscaled network feeds its input straight into the first Gemm");
    }

    [Fact]
    public void Export_AnyNetwork_DeclaresFloatInputAndOutputWithSymbolicBatch()
    {
        ModelProto model = ExportAndParse(Network.Create([6, 2], seed: 1));

        ValueInfoProto input = model.Graph.Input.Should().ContainSingle().Subject;
        ValueInfoProto output = model.Graph.Output.Should().ContainSingle().Subject;
        input.Name.Should().Be(OnnxExporter.InputName);
        output.Name.Should().Be(OnnxExporter.OutputName);
        foreach ((ValueInfoProto value, int features) in new[] { (input, 6), (output, 2) })
        {
            value.Type.TensorType.ElemType.Should().Be((int)TensorProto.Types.DataType.Float);
            value.Type.TensorType.Shape.Dim.Should().HaveCount(2);
            value.Type.TensorType.Shape.Dim[0].DimParam.Should().Be("N");
            value.Type.TensorType.Shape.Dim[1].DimValue.Should().Be(features);
        }
    }

    [Fact]
    public void Export_DenseLayer_WritesWeightsRowMajorOutByInAndBiasesAsVector()
    {
        var layer = new DenseLayer(3, 2, new Identity());
        for (int r = 0; r < 2; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                layer.Weights.Value[r, c] = (10 * r) + c; // W[r, c] = rc, so a transposed copy reads differently
            }
        }

        layer.Biases.Value[0, 0] = -1f;
        layer.Biases.Value[1, 0] = -2f;

        ModelProto model = ExportAndParse(new Network(layer));

        TensorProto weights = model.Graph.Initializer.Single(t => t.Name == "layer0.weights");
        weights.Dims.Should().Equal(2, 3);
        weights.DataType.Should().Be((int)TensorProto.Types.DataType.Float);
        Floats(weights).Should().Equal(0f, 1f, 2f, 10f, 11f, 12f);
        TensorProto biases = model.Graph.Initializer.Single(t => t.Name == "layer0.biases");
        biases.Dims.Should().Equal(2);
        Floats(biases).Should().Equal(-1f, -2f);
        NodeProto gemm = model.Graph.Node.Single();
        gemm.Input.Should().Equal("input", "layer0.weights", "layer0.biases");
        gemm.Attribute.Should().ContainSingle(a => a.Name == "transB").Which.I.Should().Be(1);
    }

    [Fact]
    public void Export_IdentityOutput_AddsNoActivationNode()
    {
        ModelProto model = ExportAndParse(Network.Create([4, 3, 2], new Tanh(), new Identity(), seed: 2));

        model.Graph.Node.Select(n => n.OpType).Should().Equal("Gemm", "Tanh", "Gemm");
        model.Graph.Node[^1].Output.Should().Equal("output");
    }

    [Theory]
    [InlineData(0.2f)]
    [InlineData(0f)]
    public void Export_LeakyRelu_WritesAlphaEvenWhenZero(float slope)
    {
        ModelProto model = ExportAndParse(Network.Create([4, 3, 2], new LeakyRelu(slope), new Softmax(), seed: 2));

        AttributeProto alpha = model.Graph.Node.Single(n => n.OpType == "LeakyRelu").Attribute.Should().ContainSingle().Subject;
        alpha.Name.Should().Be("alpha");
        alpha.Type.Should().Be(AttributeProto.Types.AttributeType.Float);
        alpha.HasF.Should().BeTrue("ONNX requires the value field of a FLOAT attribute to be present, 0 included");
        alpha.F.Should().Be(slope);
    }

    [Fact]
    public void Export_Softmax_UsesTheClassAxis()
    {
        ModelProto model = ExportAndParse(Network.Create([4, 3], seed: 2));

        AttributeProto axis = model.Graph.Node.Single(n => n.OpType == "Softmax").Attribute.Should().ContainSingle().Subject;
        axis.Name.Should().Be("axis");
        axis.Type.Should().Be(AttributeProto.Types.AttributeType.Int);
        axis.I.Should().Be(1);
    }

    [Fact]
    public void Export_UnitRangeScaling_AddsOneMulByOneOver255()
    {
        Network network = Network.Create([4, 3], seed: 2);
        network.InputScaling = InputScaling.UnitRange;

        ModelProto model = ExportAndParse(network);

        model.Graph.Node.Select(n => n.OpType).Should().Equal("Mul", "Gemm", "Softmax");
        model.Graph.Node[0].Input.Should().Equal("input", "input_scale");
        TensorProto scale = model.Graph.Initializer.Single(t => t.Name == "input_scale");
        scale.Dims.Should().Equal(1);
        Floats(scale).Should().Equal(1f / 255f);
        model.Graph.Node[1].Input[0].Should().Be(model.Graph.Node[0].Output[0]);
    }

    [Fact]
    public void Export_PerFeatureStandardization_AddsMulAndAddWithOneFactorPerFeature()
    {
        Network network = Network.Create([3, 2], seed: 2);
        network.InputScaling = InputScaling.Standardize([1f, 2f, 3f], [2f, 4f, 8f]);

        ModelProto model = ExportAndParse(network);

        model.Graph.Node.Select(n => n.OpType).Should().Equal("Mul", "Add", "Gemm", "Softmax");
        Floats(model.Graph.Initializer.Single(t => t.Name == "input_scale")).Should().Equal(0.5f, 0.25f, 0.125f);
        TensorProto shift = model.Graph.Initializer.Single(t => t.Name == "input_shift");
        shift.Dims.Should().Equal(3);
        Floats(shift).Should().Equal(-0.5f, -0.5f, -0.375f);
    }

    [Theory]
    [MemberData(nameof(ActivationNames))]
    public void Export_EachActivation_GraphComputesWhatPredictComputes(string activation)
    {
        Network network = Network.Create([5, 7, 4], Activation.FromName(activation), Activation.FromName(activation), seed: 11);
        network.InputScaling = InputScaling.Standardize([10f, 20f, 30f, 40f, 50f], [5f, 6f, 7f, 8f, 9f]);
        Matrix<float> raw = RawSamples(5, 9, seed: 4);

        float[,] onnx = OnnxGraphEvaluator.Run(ExportAndParse(network), Transpose(raw));

        Matrix<float> expected = network.PredictProbabilities(raw);
        for (int j = 0; j < raw.ColumnCount; j++)
        {
            for (int k = 0; k < network.OutputSize; k++)
            {
                onnx[j, k].Should().BeApproximately(expected[k, j], 1e-5f, $"sample {j}, output {k} ({activation})");
            }
        }
    }

    [Fact]
    public void Export_NetworkWithDropout_OmitsItAndComputesWhatPredictComputes()
    {
        Network network = Network.Create([5, 7, 6, 4], seed: 11, dropout: 0.5f);
        network.InputScaling = InputScaling.Standardize([10f, 20f, 30f, 40f, 50f], [5f, 6f, 7f, 8f, 9f]);
        Matrix<float> raw = RawSamples(5, 9, seed: 4);

        ModelProto model = ExportAndParse(network);
        float[,] onnx = OnnxGraphEvaluator.Run(model, Transpose(raw));

        model.Graph.Node.Select(n => n.OpType).Should().Equal("Mul", "Add", "Gemm", "Relu", "Gemm", "Relu", "Gemm", "Softmax");
        model.Graph.Node[4].Input[0].Should().Be(model.Graph.Node[3].Output[0], "the second Gemm reads the first ReLU directly");
        model.Graph.Initializer.Select(t => t.Name).Should().Contain(["layer0.weights", "layer2.weights", "layer4.weights"], "names keep the layers' indices");
        Matrix<float> expected = network.PredictProbabilities(raw);
        for (int j = 0; j < raw.ColumnCount; j++)
        {
            for (int k = 0; k < network.OutputSize; k++)
            {
                onnx[j, k].Should().BeApproximately(expected[k, j], 1e-5f, $"sample {j}, output {k}");
            }
        }
    }

    [Fact]
    public void Export_OnlyDropout_IsOneIdentityNode()
    {
        ModelProto model = ExportAndParse(new Network(new Dropout(3, 0.5f)));

        model.Graph.Node.Select(n => n.OpType).Should().Equal("Identity");
        float[,] onnx = OnnxGraphEvaluator.Run(model, new float[,] { { 1f, -2f, 3f } });
        onnx.Cast<float>().Should().Equal(1f, -2f, 3f);
    }

    [Fact]
    public void Evaluator_TransposedWeights_DisagreesWithPredict()
    {
        // Shows the evaluation above can fail: the same graph with W written column-major gives other answers.
        Network network = Network.Create([5, 4], new Sigmoid(), new Identity(), seed: 3);
        ModelProto model = ExportAndParse(network);
        TensorProto weights = model.Graph.Initializer.Single(t => t.Name == "layer0.weights");
        weights.RawData = Google.Protobuf.ByteString.CopyFrom(LittleEndian(network.Layers[0].Parameters[0].ValueSpan.ToArray()));
        Matrix<float> raw = RawSamples(5, 3, seed: 4);

        float[,] onnx = OnnxGraphEvaluator.Run(model, Transpose(raw));

        Matrix<float> expected = network.PredictProbabilities(raw);
        Enumerable.Range(0, 3).Max(j => Enumerable.Range(0, 4).Max(k => MathF.Abs(onnx[j, k] - expected[k, j])))
            .Should().BeGreaterThan(1e-3f);
    }

    [Fact]
    public void Export_SameNetworkTwice_GivesIdenticalBytes()
    {
        Network network = Network.Create([8, 6, 3], seed: 5);
        using var first = new MemoryStream();
        using var second = new MemoryStream();

        network.ExportOnnx(first);
        OnnxExporter.Export(network, second);

        first.ToArray().Should().Equal(second.ToArray());
    }

    [Fact]
    public void ExportOnnx_ToPath_ReplacesTheFileAndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(_folder, "model.onnx");
        File.WriteAllText(path, "old content");
        Network network = Network.Create([4, 3], seed: 2);

        network.ExportOnnx(path);

        ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Node.Should().HaveCount(2);
        Directory.GetFiles(_folder).Should().Equal(path);
    }

    [Fact]
    public void ExportOnnx_UnsupportedLayer_ThrowsNamingItAndLeavesTheFileIntact()
    {
        string path = Path.Combine(_folder, "model.onnx");
        File.WriteAllText(path, "old content");
        var network = new Network(new DenseLayer(4, 3, new Relu()), new ReverseLayer(3), new DenseLayer(3, 2, new Softmax()));

        Action export = () => network.ExportOnnx(path);

        export.Should().Throw<NotSupportedException>()
            .WithMessage("Layer 1 of Network(4-3-2) (ReverseLayer(3), a ReverseLayer) cannot be exported to ONNX*DenseLayer*");
        File.ReadAllText(path).Should().Be("old content");
        Directory.GetFiles(_folder).Should().Equal(path);
    }

    [Fact]
    public void ExportOnnx_UnsupportedActivation_ThrowsNamingItBeforeWritingToTheStream()
    {
        var network = new Network(new DenseLayer(4, 3, new Relu()), new DenseLayer(3, 2, new Swish()));
        using var stream = new MemoryStream();

        Action export = () => network.ExportOnnx(stream);

        export.Should().Throw<NotSupportedException>()
            .WithMessage("Layer 1 of Network(4-3-2) (DenseLayer(3->2, Swish)) uses activation 'Swish'*cannot be exported to ONNX*Tanh*");
        stream.Length.Should().Be(0);
    }

    [Fact]
    public void ExportOnnx_MissingFolder_ThrowsNamingTheFolder()
    {
        string path = Path.Combine(_folder, "absent", "model.onnx");

        Action export = () => Network.Create([4, 3], seed: 2).ExportOnnx(path);

        export.Should().Throw<DirectoryNotFoundException>().WithMessage($"*{Path.Combine(_folder, "absent")}*");
    }

    [Fact]
    public void ExportOnnx_ReadOnlyStream_ThrowsArgumentException()
    {
        using var stream = new MemoryStream([], writable: false);

        Action export = () => Network.Create([4, 3], seed: 2).ExportOnnx(stream);

        export.Should().Throw<ArgumentException>().WithParameterName("stream").WithMessage("*read-only MemoryStream*");
    }

    private static ModelProto ExportAndParse(Network network)
    {
        using var stream = new MemoryStream();
        network.ExportOnnx(stream);
        return ModelProto.Parser.ParseFrom(stream.ToArray());
    }

    private static float[] Floats(TensorProto tensor)
    {
        ReadOnlySpan<byte> bytes = tensor.RawData.Span;
        var values = new float[bytes.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
        }

        return values;
    }

    private static byte[] LittleEndian(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return bytes;
    }

    private static Matrix<float> RawSamples(int features, int count, int seed)
    {
        var random = new Random(seed);
        return Matrix<float>.Build.Dense(features, count, (_, _) => (float)(random.NextDouble() * 100.0));
    }

    private static float[,] Transpose(Matrix<float> columns)
    {
        var rows = new float[columns.ColumnCount, columns.RowCount];
        for (int j = 0; j < columns.ColumnCount; j++)
        {
            for (int i = 0; i < columns.RowCount; i++)
            {
                rows[j, i] = columns[i, j];
            }
        }

        return rows;
    }

    /// <summary>A parameter-free layer ONNX export does not know: it reverses each column.</summary>
    private sealed class ReverseLayer(int size) : Layer
    {
        public override int InputSize => size;

        public override int OutputSize => size;

        public override IReadOnlyList<Parameter> Parameters => [];

        public override Matrix<float> Forward(Matrix<float> input) => Reverse(input);

        public override Matrix<float>? Backward(Matrix<float> outputGradient, bool computeInputGradient) => Reverse(outputGradient);

        public override void Infer(Matrix<float> input, Matrix<float> output) => Reverse(input).CopyTo(output);

        public override string ToString() => $"ReverseLayer({size})";

        private static Matrix<float> Reverse(Matrix<float> m) => Matrix<float>.Build.Dense(m.RowCount, m.ColumnCount, (i, j) => m[m.RowCount - 1 - i, j]);
    }

    /// <summary>An activation the exporter does not know (ONNX has no Swish operator before opset 24): z·σ(z).</summary>
    private sealed class Swish : Activation
    {
        public override string Name => "Swish";

        public override void Forward(Matrix<float> z, Matrix<float> a) => z.Map(v => v / (1f + MathF.Exp(-v)), a);

        public override void Backward(Matrix<float> z, Matrix<float> a, Matrix<float> outputGradient, Matrix<float> inputGradient) =>
            outputGradient.Map2((g, v) => g * Derivative(v), z, inputGradient);

        private static float Derivative(float z)
        {
            float s = 1f / (1f + MathF.Exp(-z));
            return s + (z * s * (1f - s)); // d/dz z·σ(z)
        }
    }
}
