using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using NeuralNet.Losses;

namespace NeuralNet.Benchmarks;

/// <summary>A network and a synthetic MNIST-shaped batch (pixels in [0, 1], one-hot targets), the same for every benchmark.</summary>
internal sealed class Workload
{
    public Workload(string architecture, int batchSize, int seed = 1)
    {
        int[] sizes = Backends.Sizes(architecture);
        Network = Network.Create(sizes, seed: seed);
        var random = new Random(seed);
        Inputs = Matrix<float>.Build.Dense(sizes[0], batchSize, (_, _) => random.NextDouble() < 0.8 ? 0f : (float)random.NextDouble());
        Targets = Matrix<float>.Build.Dense(sizes[^1], batchSize, (i, j) => i == j % sizes[^1] ? 1f : 0f);
    }

    public Network Network { get; }

    public Matrix<float> Inputs { get; }

    public Matrix<float> Targets { get; }

    public CrossEntropyLoss Loss { get; } = new();

    /// <summary>Plain SGD on every parameter, <c>θ ← θ − η·∇θ</c>, on the arrays (until the library's optimizers are used here).</summary>
    public static void SgdUpdate(Network network, float learningRate)
    {
        // An indexed loop: foreach over IReadOnlyList boxes an enumerator (32 B per step).
        IReadOnlyList<NeuralNet.Layers.Parameter> parameters = network.Parameters;
        for (int i = 0; i < parameters.Count; i++)
        {
            Span<float> value = parameters[i].ValueSpan;
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(parameters[i].GradientSpan, -learningRate, value, value);
        }
    }
}
