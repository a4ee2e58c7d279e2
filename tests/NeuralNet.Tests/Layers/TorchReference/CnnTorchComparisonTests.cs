using System.Globalization;
using System.Runtime.InteropServices;
using NeuralNet.Activations;
using NeuralNet.Initializers;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Randomness;
using NeuralNet.Tests.Support;
using NeuralNet.Tests.TestData;

namespace NeuralNet.Tests.Layers.TorchReference;

/// <summary>One small CNN, forward and backward, against PyTorch 1.13 on the same weights and inputs.</summary>
public sealed class CnnTorchComparisonTests
{
    private const int Samples = 5;
    private const int Classes = 4;
    private const float Tolerance = 1e-4f;

    [TorchFact]
    public void TrainingStep_SmallCnn_MatchesPyTorch()
    {
        string python = TorchPython.Python ?? throw new InvalidOperationException(TorchPython.Missing);

        // conv 3×3 (pad 1, 1 → 3 channels, a non-square 6×5 input) → ReLU → max-pool 2 → batch norm → dense → softmax + cross-entropy.
        var conv = new Conv2D(new SampleShape(1, 6, 5), 3, 3, new Relu(), padding: 1, initializer: Initializer.PyTorchDefault, random: new SeededRandom(1));
        var pool = new MaxPool2D(conv.OutputShape, 2);
        var norm = new BatchNorm(pool.OutputShape);
        var dense = new DenseLayer(pool.OutputSize, Classes, new Softmax(), Initializer.PyTorchDefault, new SeededRandom(2));
        var network = new Network(conv, pool, norm, dense);
        var random = new SeededRandom(3);
        for (int c = 0; c < norm.Channels; c++)
        {
            norm.Gamma.ValueSpan[c] = 0.5f + random.NextSingle();
            norm.Beta.ValueSpan[c] = random.NextSingle() - 0.5f;
        }

        Matrix<float> x = TestMatrices.Random(conv.InputSize, Samples, seed: 4);
        int[] labels = [.. Enumerable.Range(0, Samples).Select(j => (j * 3) % Classes)];
        Matrix<float> targets = Matrix<float>.Build.Dense(Classes, Samples, (i, j) => i == labels[j] ? 1f : 0f);

        using var folder = new TempDirectory();
        // The batch (features × m, column-major) is NCHW as it lies in memory; so are the conv filters (K × C_out).
        Write(folder, "input", MatrixSpans(x));
        Write(folder, "conv_weight", conv.Weights.ValueSpan);
        Write(folder, "conv_bias", conv.Biases.ValueSpan);
        Write(folder, "norm_gamma", norm.Gamma.ValueSpan);
        Write(folder, "norm_beta", norm.Beta.ValueSpan);
        Write(folder, "dense_weight", RowMajor(dense.Weights.Value)); // nn.Linear keeps [out, in] row-major
        Write(folder, "dense_bias", dense.Biases.ValueSpan);
        File.WriteAllBytes(folder.File("labels.bin"), MemoryMarshal.AsBytes(labels.AsSpan()).ToArray());
        File.WriteAllText(folder.File("meta.txt"), string.Create(CultureInfo.InvariantCulture, $"m={Samples} c=1 h=6 w=5 filters=3 kernel=3 padding=1 classes={Classes}"));

        string script = Path.Combine(RepositoryRoot.Path, "tests", "NeuralNet.Tests", "Layers", "TorchReference", "cnn_reference.py");
        ProcessRunner.Result run = ProcessRunner.Run(python, [script, folder.Path], folder.Path, timeout: TimeSpan.FromMinutes(3));
        run.ExitCode.Should().Be(0, run.Output);

        Matrix<float> probabilities = network.Forward(x).Clone();
        double loss = new CrossEntropyLoss().Compute(probabilities, targets);
        Matrix<float> inputGradient = network.Backward(new CrossEntropyLoss(), targets, computeInputGradient: true)!;

        Compare("probabilities", RowMajor(probabilities.Transpose()), Read(folder, "probabilities"));
        Compare("loss", [(float)loss], Read(folder, "loss"));
        Compare("conv weight gradient", conv.Weights.GradientSpan.ToArray(), Read(folder, "conv_weight_grad"));
        Compare("conv bias gradient", conv.Biases.GradientSpan.ToArray(), Read(folder, "conv_bias_grad"));
        Compare("gamma gradient", norm.Gamma.GradientSpan.ToArray(), Read(folder, "norm_gamma_grad"));
        Compare("beta gradient", norm.Beta.GradientSpan.ToArray(), Read(folder, "norm_beta_grad"));
        Compare("dense weight gradient", RowMajor(dense.Weights.Gradient), Read(folder, "dense_weight_grad"));
        Compare("dense bias gradient", dense.Biases.GradientSpan.ToArray(), Read(folder, "dense_bias_grad"));

        // Backward's input gradient is per sample (dℓ_j/dx_j); PyTorch's is of the mean loss, 1/m of it.
        Compare("input gradient", [.. MatrixSpans(inputGradient).ToArray().Select(v => v / Samples)], Read(folder, "input_grad"));
        Compare("running mean", norm.RunningMean.ToArray(), Read(folder, "running_mean"));
        Compare("running variance", norm.RunningVariance.ToArray(), Read(folder, "running_var"));

        // Prediction normalizes with the running statistics, as PyTorch's eval mode.
        Compare("inference probabilities", RowMajor(network.PredictProbabilities(x).Transpose()), Read(folder, "eval_probabilities"));
    }

    private static float[] MatrixSpans(Matrix<float> m) => m.AsColumnMajorArray();

    /// <summary>The matrix's values row after row.</summary>
    private static float[] RowMajor(Matrix<float> m) => m.Transpose().AsColumnMajorArray().ToArray();

    private static void Write(TempDirectory folder, string name, ReadOnlySpan<float> values) =>
        File.WriteAllBytes(folder.File(name + ".bin"), MemoryMarshal.AsBytes(values).ToArray());

    private static float[] Read(TempDirectory folder, string name) =>
        MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(folder.File("torch_" + name + ".bin"))).ToArray();

    private static void Compare(string what, float[] ours, float[] theirs)
    {
        ours.Should().HaveSameCount(theirs, what);
        for (int i = 0; i < ours.Length; i++)
        {
            Math.Abs(ours[i] - theirs[i]).Should().BeLessThanOrEqualTo(Tolerance, $"{what} [{i}] is {ours[i]} here and {theirs[i]} in PyTorch");
        }
    }
}
