using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics.Tensors;
using NeuralNet.Activations;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Preprocessing;
using NeuralNet.Randomness;
using NeuralNet.Serialization.Onnx;
using NeuralNet.Tests.Support;
using NeuralNet.Tests.TestData;
using Xunit.Abstractions;

namespace NeuralNet.Tests.Serialization.Onnx;

/// <summary>Exported models checked by readers that share no code with NeuralNet: the ONNX checker and OpenCV's DNN module (tests/onnx/check_onnx.py).</summary>
public sealed class OnnxInteropTests(ITestOutputHelper output)
{
    private const int TestImages = 1000;

    private static readonly string[] _activationKinds = ["ReLU", "LeakyReLU(0.2)", "Sigmoid", "Tanh", "Softmax", "Identity"];

    [OnnxReadersFact]
    public async Task ExportedModels_CheckerAndOpenCv_AcceptThemAndAgreeWithPredict()
    {
        string python = OnnxReaders.Python ?? throw new InvalidOperationException(
            $"The ONNX cross-check cannot run: {OnnxReaders.Missing}. CI must install python3-onnx and python3-opencv.");
        string mnist = await RealMnist.DirectoryAsync();
        string folder = Directory.CreateTempSubdirectory("neuralnet-onnx-check-").FullName;
        bool passed = false;
        try
        {
            var arguments = new List<string> { Path.Combine(RepositoryRoot.Path, "tests", "onnx", "check_onnx.py"), "--mnist" };
            arguments.AddRange(ExportMnist(mnist, folder));
            foreach (string kind in _activationKinds)
            {
                arguments.Add("--case");
                arguments.AddRange(ExportActivationModel(kind, folder));
            }

            arguments.Add("--case");
            arguments.AddRange(ExportDropoutModel(folder));
            arguments.Add("--case");
            arguments.AddRange(ExportCnnModel(folder));

            var clock = Stopwatch.StartNew();
            ProcessRunner.Result result = ProcessRunner.Run(python, arguments, folder, timeout: TimeSpan.FromMinutes(3));
            (int exitCode, string report) = (result.ExitCode, result.Output);
            output.WriteLine($"{python} check_onnx.py ({clock.Elapsed.TotalSeconds:0.0} s), exit code {exitCode}:\n{report}");

            exitCode.Should().Be(0, $"check_onnx.py must pass; it printed:\n{report}\n(files kept in {folder})");
            report.Should().Contain("checker: ok mnist: IR 7, opset ai.onnx 13, producer NeuralNet")
                .And.Contain($"opencv: ok mnist: {TestImages} samples of 784 features, argmax identical on {TestImages} of {TestImages} samples")
                .And.Contain("tampered: rejected initializer layer1.weights dims [10, 64] -> [11, 64]")
                .And.Contain("tampered: rejected graph input")
                .And.Contain("sensitivity: ok")
                .And.Contain($"check_onnx: all checks passed ({_activationKinds.Length + 3} models)")
                .And.Contain("checker: ok dropout:").And.Contain("opencv: ok dropout:")
                .And.Contain("checker: ok cnn:").And.Contain("nodes Mul Add Reshape Conv Relu BatchNormalization MaxPool Conv Tanh AveragePool Flatten Gemm").And.Contain("opencv: ok cnn:")
                .And.NotContain("FAIL");
            foreach (string kind in _activationKinds)
            {
                report.Should().Contain($"checker: ok {CaseName(kind)}:").And.Contain($"opencv: ok {CaseName(kind)}:");
            }

            passed = true;
        }
        finally
        {
            if (passed)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>Trains a 784-64-10 classifier for a few hundred SGD steps, exports it, and writes 1,000 raw test images with its probabilities.</summary>
    private string[] ExportMnist(string mnistFolder, string folder)
    {
        var clock = Stopwatch.StartNew();
        MnistFiles files = Mnist.Locate(mnistFolder);
        Dataset train = DatasetLoader.LoadIdx(files.TrainImages, files.TrainLabels, InputScaling.UnitRange).Subset(Enumerable.Range(0, 12_000).ToArray());
        Dataset test = DatasetLoader.LoadIdx(files.TestImages, files.TestLabels, InputScaling.None).Subset(Enumerable.Range(0, TestImages).ToArray());
        Matrix<float> testImages = test.Inputs;
        int[] testLabels = test.Labels.ToArray();

        Network network = Network.Create([784, 64, 10], seed: 7);
        network.InputScaling = InputScaling.UnitRange;
        Train(network, train, steps: 400, batchSize: 64, learningRate: 0.1f);

        int[] predicted = network.Predict(testImages);
        double accuracy = predicted.Zip(testLabels).Count(p => p.First == p.Second) / (double)TestImages;
        output.WriteLine($"MNIST 784-64-10 after 400 SGD steps: {accuracy:P1} on the first {TestImages} test images ({clock.Elapsed.TotalSeconds:0.0} s)");
        accuracy.Should().BeGreaterThan(0.85, "the exported model should be a meaningful classifier");

        return WriteCase("mnist", network, testImages, folder);
    }

    /// <summary>Exports a 20-16-8 network whose two layers both use <paramref name="kind"/>, with per-feature standardization, and 64 raw samples with its outputs.</summary>
    private static string[] ExportActivationModel(string kind, string folder)
    {
        Network network = Network.Create([20, 16, 8], Activation.FromName(kind), Activation.FromName(kind), seed: 3);
        float[] means = Enumerable.Range(0, 20).Select(i => 10f + i).ToArray();
        float[] deviations = Enumerable.Range(0, 20).Select(i => 2f + (0.5f * i)).ToArray();
        network.InputScaling = InputScaling.Standardize(means, deviations);
        var random = new SeededRandom(kind.Length);
        Matrix<float> raw = Matrix<float>.Build.Dense(20, 64, (_, _) => 40f * random.NextSingle());
        return [CaseName(kind), .. WriteCase(CaseName(kind), network, raw, folder)];
    }

    /// <summary>Exports a 20-16-12-8 ReLU network with Dropout(0.5) after both hidden layers (no node in the graph), and 64 raw samples with its outputs.</summary>
    private static string[] ExportDropoutModel(string folder)
    {
        Network network = Network.Create([20, 16, 12, 8], seed: 5, dropout: 0.5f);
        network.InputScaling = InputScaling.Standardize(Enumerable.Range(0, 20).Select(i => 10f + i).ToArray(), Enumerable.Repeat(4f, 20).ToArray());
        var random = new SeededRandom(6);
        Matrix<float> raw = Matrix<float>.Build.Dense(20, 64, (_, _) => 40f * random.NextSingle());
        return ["dropout", .. WriteCase("dropout", network, raw, folder)];
    }

    /// <summary>Exports a CNN with every layer kind (convolutions with padding and stride, both poolings, batch norm per channel and of flat features, dropout) and 64 raw samples with its outputs.</summary>
    private static string[] ExportCnnModel(string folder)
    {
        Network network = TestCnns.Warmed();
        var random = new SeededRandom(9);
        Matrix<float> raw = Matrix<float>.Build.Dense(network.InputSize, 64, (_, _) => 3f * random.NextSingle());
        return ["cnn", .. WriteCase("cnn", network, raw, folder)];
    }

    private static string[] WriteCase(string name, Network network, Matrix<float> rawInputs, string folder)
    {
        string model = Path.Combine(folder, $"{name}.onnx");
        string inputs = Path.Combine(folder, $"{name}-inputs.f32");
        string expected = Path.Combine(folder, $"{name}-expected.f32");
        network.ExportOnnx(model);

        // A features × m column-major matrix is, byte for byte, m samples × features row-major: what ONNX expects.
        WriteFloats(inputs, rawInputs.AsColumnMajorArray());
        WriteFloats(expected, network.PredictProbabilities(rawInputs).AsColumnMajorArray());
        return [model, inputs, expected];
    }

    private static void Train(Network network, Dataset data, int steps, int batchSize, float learningRate)
    {
        var loss = new CrossEntropyLoss();
        var random = new SeededRandom(1);
        var order = Enumerable.Range(0, data.Count).ToArray();
        random.Shuffle(order.AsSpan());
        Matrix<float> inputs = Matrix<float>.Build.Dense(data.FeatureCount, batchSize);
        Matrix<float> targets = Matrix<float>.Build.Dense(data.ClassCount, batchSize);
        for (int step = 0; step < steps; step++)
        {
            int start = step * batchSize % (data.Count - batchSize + 1);
            data.FillBatch(order.AsSpan(start, batchSize), inputs, targets);
            network.Forward(inputs);
            network.Backward(loss, targets);
            foreach (Parameter p in network.Parameters)
            {
                TensorPrimitives.MultiplyAdd(p.GradientSpan, -learningRate, p.ValueSpan, p.ValueSpan); // θ ← θ − η·∇θ
            }
        }
    }

    private static void WriteFloats(string path, float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        File.WriteAllBytes(path, bytes);
    }

    private static string CaseName(string kind) =>
        new string(kind.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();
}
