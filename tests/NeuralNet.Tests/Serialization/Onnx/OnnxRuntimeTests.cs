using Microsoft.ML.OnnxRuntime;
using NeuralNet.Activations;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Preprocessing;
using NeuralNet.Randomness;
using NeuralNet.Serialization.Onnx;

namespace NeuralNet.Tests.Serialization.Onnx;

/// <summary>Exported models run by ONNX Runtime in this process (the engine a .NET user would serve them with), checked against <c>Predict</c>.</summary>
public sealed class OnnxRuntimeTests
{
    public static TheoryData<string> ActivationNames => ["relu", "leaky-relu", "LeakyReLU(0)", "sigmoid", "tanh", "softmax", "identity"];

    [Theory]
    [MemberData(nameof(ActivationNames))]
    public void OnnxRuntime_EachActivationWithStandardization_AgreesWithPredict(string activation)
    {
        Network network = Network.Create([20, 16, 8], Activation.FromName(activation), Activation.FromName(activation), seed: 3);
        network.InputScaling = InputScaling.Standardize(
            Enumerable.Range(0, 20).Select(i => 10f + i).ToArray(),
            Enumerable.Range(0, 20).Select(i => 2f + (0.5f * i)).ToArray());

        ShouldAgree(network, Raw(20, 64, 40f, seed: activation.Length), activation);
    }

    [Fact]
    public void OnnxRuntime_UnitRangeScalingOnRawPixels_AgreesWithPredict()
    {
        // 784-128-10 on such pixels (a fifth nonzero) takes the kernels that multiply only the nonzero values; 784-32-10 the dense ones.
        var random = new Random(8);
        Matrix<float> pixels = Matrix<float>.Build.Dense(784, 50, (_, _) => random.NextDouble() < 0.8 ? 0f : random.Next(256));
        foreach (int hidden in new[] { 32, 128 })
        {
            Network network = Network.Create([784, hidden, 10], seed: 4);
            network.InputScaling = InputScaling.UnitRange;

            ShouldAgree(network, pixels, $"784-{hidden}-10 on raw pixels");
        }
    }

    [Fact]
    public void OnnxRuntime_NetworkWithDropout_RunsTheDropoutFreeGraphAsPredictDoes()
    {
        Network network = Network.Create([20, 16, 12, 8], seed: 5, dropout: 0.5f);
        network.InputScaling = InputScaling.Standardize(Enumerable.Range(0, 20).Select(i => 10f + i).ToArray(), Enumerable.Repeat(4f, 20).ToArray());

        ShouldAgree(network, Raw(20, 64, 40f, seed: 6), "dropout");
    }

    [Fact]
    public void OnnxRuntime_OneSample_AgreesWithSingleSamplePredict()
    {
        Network network = Network.Create([784, 128, 10], seed: 9);
        network.InputScaling = InputScaling.UnitRange;
        float[] sample = Raw(784, 1, 255f, seed: 2).AsColumnMajorArray();

        ShouldAgreeOnOneSample(network, sample);
    }

    [Fact]
    public void OnnxRuntime_CnnWithEveryLayerKind_AgreesWithPredict()
    {
        // conv with padding, batch norm per channel, max-pool, conv with stride and padding (tanh), average pool with
        // stride 1, dense, batch norm of flat features, dropout (no node), dense softmax; running statistics moved by
        // training passes, and a per-feature scaling in the graph.
        Network network = TestCnns.Warmed();

        ShouldAgree(network, Raw(network.InputSize, 64, 3f, seed: 21), "every layer kind");
    }

    [Fact]
    public void OnnxRuntime_MnistShapedCnn_AgreesWithPredictOnRawPixels()
    {
        var random = new SeededRandom(6);
        var conv1 = new Conv2D(new SampleShape(1, 28, 28), 8, 5, new Relu(), padding: 2, random: random);
        var pool1 = new MaxPool2D(conv1.OutputShape, 2);
        var conv2 = new Conv2D(pool1.OutputShape, 16, 3, new LeakyRelu(0.1f), stride: 2, random: random);
        var norm = new BatchNorm(conv2.OutputShape);
        norm.SetRunningStatistics(Enumerable.Range(0, 16).Select(c => 0.05f * c).ToArray(), Enumerable.Range(0, 16).Select(c => 0.5f + (0.1f * c)).ToArray());
        var pool2 = new AveragePool2D(norm.OutputShape, 2);
        Network network = new(conv1, pool1, conv2, norm, pool2, new DenseLayer(pool2.OutputSize, 32, new Sigmoid(), random: random), new DenseLayer(32, 10, new Softmax(), random: random))
        {
            InputScaling = InputScaling.UnitRange,
        };
        var pixels = new Random(3);
        Matrix<float> raw = Matrix<float>.Build.Dense(784, 40, (_, _) => pixels.NextDouble() < 0.7 ? 0f : pixels.Next(256));

        ShouldAgree(network, raw, "MNIST-shaped CNN");
    }

    [Fact]
    public void OnnxRuntime_ImageLayersLastAndSoftmaxOverAnImage_AgreeWithPredict()
    {
        // A dense layer feeding a convolution (a Reshape after Gemm), a softmax over a whole C × H × W output (a Flatten
        // first, as NeuralNet normalizes over the column), and a pooling last (a Flatten to the declared output).
        var random = new SeededRandom(2);
        var dense = new DenseLayer(6, 2 * 5 * 5, new Tanh(), random: random);
        var conv = new Conv2D(new SampleShape(2, 5, 5), 3, 2, new Softmax(), random: random);
        var pool = new MaxPool2D(conv.OutputShape, 2, 1);

        ShouldAgree(new Network(dense, conv, pool), Raw(6, 32, 2f, seed: 8), "image layers last");
    }

    [Fact]
    public void OnnxRuntime_OneSampleThroughACnn_AgreesWithSingleSamplePredict()
    {
        Network network = TestCnns.Warmed(seed: 4);
        float[] sample = Raw(network.InputSize, 1, 3f, seed: 5).AsColumnMajorArray();

        ShouldAgreeOnOneSample(network, sample);
    }

    [Fact]
    public void OnnxRuntime_CnnWithAMovedRunningMean_WouldFailTheComparison()
    {
        // The running statistics are in the graph: a network that differs in one of them gives other outputs.
        Network network = TestCnns.Warmed();
        Matrix<float> raw = Raw(network.InputSize, 8, 3f, seed: 1);
        float[] before = Run(network, raw.AsColumnMajorArray(), raw.ColumnCount);
        var norm = (BatchNorm)network.Layers[6];
        float[] mean = norm.RunningMean.ToArray();
        mean[0] += 0.5f;
        norm.SetRunningStatistics(mean, norm.RunningVariance);

        float[] after = Run(network, raw.AsColumnMajorArray(), raw.ColumnCount);

        after.Zip(before).Max(p => Math.Abs(p.First - p.Second)).Should().BeGreaterThan(1e-3f);
    }

    [Fact]
    public void OnnxRuntime_WrongWeights_WouldFailTheComparison()
    {
        // The comparison can fail: a network that differs in one weight gives other outputs from ONNX Runtime.
        Network network = Network.Create([20, 16, 8], seed: 3);
        Matrix<float> raw = Raw(20, 8, 1f, seed: 1);
        float[] before = Run(network, raw.AsColumnMajorArray(), raw.ColumnCount);
        network.Parameters[0].ValueSpan[0] += 0.5f;

        float[] after = Run(network, raw.AsColumnMajorArray(), raw.ColumnCount);

        after.Zip(before).Max(p => Math.Abs(p.First - p.Second)).Should().BeGreaterThan(1e-3f);
    }

    // The single-sample overloads (their own code path, Predictor's span entry) against ONNX Runtime on a batch of one.
    private static void ShouldAgreeOnOneSample(Network network, float[] sample)
    {
        float[] onnx = Run(network, sample, 1);

        float[] expected = network.PredictProbabilities(sample);
        for (int k = 0; k < expected.Length; k++)
        {
            onnx[k].Should().BeApproximately(expected[k], 1e-5f, $"output {k}");
        }

        Array.IndexOf(onnx, onnx.Max()).Should().Be(network.Predict(sample));
    }

    private static void ShouldAgree(Network network, Matrix<float> raw, string what)
    {
        // A features × m column-major matrix is, value for value, m samples × features row-major: what ONNX takes.
        float[] onnx = Run(network, raw.AsColumnMajorArray(), raw.ColumnCount);
        Matrix<float> expected = network.PredictProbabilities(raw);
        int[] classes = network.Predict(raw);
        int outputs = network.OutputSize;
        for (int j = 0; j < raw.ColumnCount; j++)
        {
            ReadOnlySpan<float> row = onnx.AsSpan(j * outputs, outputs);
            for (int k = 0; k < outputs; k++)
            {
                row[k].Should().BeApproximately(expected[k, j], 1e-5f, $"sample {j}, output {k} ({what})");
            }

            row.IndexOf(row.ToArray().Max()).Should().Be(classes[j], $"the argmax of sample {j} ({what})");
        }
    }

    /// <summary>Exports <paramref name="network"/> into memory and runs <paramref name="samples"/> (m × features, row-major) through ONNX Runtime; returns m × outputs.</summary>
    private static float[] Run(Network network, float[] samples, int count)
    {
        using var stream = new MemoryStream();
        network.ExportOnnx(stream);
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(stream.ToArray(), options);
        string input = session.InputMetadata.Keys.Single();
        using var value = OrtValue.CreateTensorValueFromMemory(samples, [count, network.InputSize]);
        using var run = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(run, [input], [value], session.OutputNames);
        OrtValue output = results.Single();
        output.GetTensorTypeAndShape().Shape.Should().Equal(count, network.OutputSize);
        return output.GetTensorDataAsSpan<float>().ToArray();
    }

    private static Matrix<float> Raw(int features, int samples, float scale, int seed)
    {
        var random = new SeededRandom(seed);
        return Matrix<float>.Build.Dense(features, samples, (_, _) => scale * random.NextSingle());
    }
}
