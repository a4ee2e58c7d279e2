using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;

namespace NeuralNet.Benchmarks;

/// <summary>The matrix products of one training step of a network (forward Z = W·A, backward dW = dZ·Aᵀ and dA = Wᵀ·dZ), and nothing else.</summary>
/// <remarks>The floor a training step can reach on a backend: compare with <see cref="TrainStepBenchmarks"/>.</remarks>
[MemoryDiagnoser]
public class MatrixProductBenchmarks
{
    private MatrixMultiplier _gemm = null!;
    private Matrix<float>[] _weights = null!;
    private Matrix<float>[] _activations = null!;
    private Matrix<float>[] _deltas = null!;
    private Matrix<float>[] _weightGradients = null!;

    [Params("784-128-10", "784-256-256-10")]
    public string Architecture { get; set; } = "784-128-10";

    [Params(64, 256)]
    public int BatchSize { get; set; }

    [Params("native", "managed", "mathnet")]
    public string Backend { get; set; } = "native";

    [GlobalSetup]
    public void Setup()
    {
        _gemm = Backends.Multiplier(Backend);
        int[] sizes = Backends.Sizes(Architecture);
        var random = new Random(3);
        Matrix<float> Fill(int rows, int columns) => Matrix<float>.Build.Dense(rows, columns, (_, _) => (float)random.NextDouble());
        int layers = sizes.Length - 1;
        _weights = Enumerable.Range(0, layers).Select(l => Fill(sizes[l + 1], sizes[l])).ToArray();
        _weightGradients = Enumerable.Range(0, layers).Select(l => Fill(sizes[l + 1], sizes[l])).ToArray();
        _activations = Enumerable.Range(0, layers + 1).Select(l => Fill(sizes[l], BatchSize)).ToArray();
        _deltas = Enumerable.Range(0, layers + 1).Select(l => Fill(sizes[l], BatchSize)).ToArray();
    }

    [Benchmark(Description = "products of one step")]
    public void StepProducts()
    {
        for (int l = 0; l < _weights.Length; l++)
        {
            _gemm.Multiply(_weights[l], _activations[l], _activations[l + 1]);
        }

        for (int l = _weights.Length - 1; l >= 0; l--)
        {
            _gemm.MultiplyTransposeRight(_deltas[l + 1], _activations[l], _weightGradients[l], 1f / BatchSize);
            if (l > 0)
            {
                _gemm.MultiplyTransposeLeft(_weights[l], _deltas[l + 1], _deltas[l]);
            }
        }
    }

    [Benchmark(Description = "first layer W·X")]
    public void FirstLayerForward() => _gemm.Multiply(_weights[0], _activations[0], _activations[1]);
}
