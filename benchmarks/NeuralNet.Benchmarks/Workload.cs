using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Data;
using NeuralNet.Losses;
using NeuralNet.Optimizers;

namespace NeuralNet.Benchmarks;

/// <summary>A network and a synthetic MNIST-shaped batch (pixels in [0, 1], one-hot targets), the same for every benchmark.</summary>
internal sealed class Workload
{
    public Workload(string architecture, int batchSize, int seed = 1)
    {
        int[] sizes = Backends.Sizes(architecture);
        Network = Network.Create(sizes, seed: seed);
        var random = new Random(seed);
        Inputs = Pixels(sizes[0], batchSize, random);
        Targets = Matrix<float>.Build.Dense(sizes[^1], batchSize, (i, j) => i == j % sizes[^1] ? 1f : 0f);
    }

    public Network Network { get; }

    public Matrix<float> Inputs { get; }

    public Matrix<float> Targets { get; }

    public CrossEntropyLoss Loss { get; } = new();

    /// <summary>MNIST-shaped pixels, one sample per column: 80 % background zeros, the rest uniform in [0, 1).</summary>
    public static Matrix<float> Pixels(int features, int samples, Random random) =>
        Matrix<float>.Build.Dense(features, samples, (_, _) => random.NextDouble() < 0.8 ? 0f : (float)random.NextDouble());

    /// <summary>A training set of <paramref name="samples"/> MNIST-shaped samples with labels cycling through 0–9, the same in every benchmark.</summary>
    public static Dataset SyntheticMnist(int samples) =>
        new(Pixels(784, samples, new Random(7)), Enumerable.Range(0, samples).Select(j => j % 10).ToArray(), 10);

    /// <summary>The library's optimizer for a benchmark parameter (<c>sgd</c>, <c>momentum</c>, <c>adam</c>) at the learning rate the comparison uses for it.</summary>
    public static Optimizer CreateOptimizer(string name) => Optimizer.FromName(name, LearningRate(name));

    /// <summary>0.001 for Adam (its default), 0.01 for the SGD variants.</summary>
    public static float LearningRate(string optimizer) => optimizer == "adam" ? 1e-3f : 0.01f;
}
