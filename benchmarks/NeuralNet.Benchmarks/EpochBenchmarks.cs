using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Data;

namespace NeuralNet.Benchmarks;

/// <summary>One epoch over 60,000 MNIST-shaped samples: shuffle, gather each batch of 64, forward, backward, SGD.</summary>
[MemoryDiagnoser]
public class EpochBenchmarks
{
    private const int Samples = 60_000;
    private Workload _work = null!;
    private Dataset _data = null!;
    private int[] _order = null!;
    private Matrix<float> _inputs = null!;
    private Matrix<float> _targets = null!;
    private int _epoch;

    [Params("784-128-10")]
    public string Architecture { get; set; } = "784-128-10";

    [Params(64)]
    public int BatchSize { get; set; }

    [Params("native", "managed")]
    public string Backend { get; set; } = "native";

    [GlobalSetup]
    public void Setup()
    {
        Backends.Select(Backend);
        _work = new Workload(Architecture, BatchSize);
        var random = new Random(7);
        Matrix<float> pixels = Matrix<float>.Build.Dense(784, Samples, (_, _) => random.NextDouble() < 0.8 ? 0f : (float)random.NextDouble());
        _data = new Dataset(pixels, Enumerable.Range(0, Samples).Select(j => j % 10).ToArray(), 10);
        _order = Enumerable.Range(0, Samples).ToArray();
        _inputs = Matrix<float>.Build.Dense(784, BatchSize);
        _targets = Matrix<float>.Build.Dense(10, BatchSize);
    }

    [Benchmark(Description = "epoch of 60,000 (batch 64, SGD)")]
    public void Epoch()
    {
        new SeededRandom(++_epoch).Shuffle(_order.AsSpan());
        for (int start = 0; start + BatchSize <= Samples; start += BatchSize)
        {
            _data.FillBatch(_order.AsSpan(start, BatchSize), _inputs, _targets);
            _work.Network.Forward(_inputs);
            _work.Network.Backward(_work.Loss, _targets);
            Workload.SgdUpdate(_work.Network, 0.01f);
        }
    }
}
