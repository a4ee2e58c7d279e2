using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Data;
using NeuralNet.Preprocessing;

namespace NeuralNet.Benchmarks;

/// <summary>Prediction of one raw sample (latency) and of 10,000 (throughput), on raw pixels with the /255 scaling applied by the network.</summary>
[MemoryDiagnoser]
public class PredictBenchmarks
{
    private Network _network = null!;
    private float[] _sample = null!;
    private Matrix<float> _batch = null!;
    private int[] _classes = null!;

    [Params("784-128-10", "784-256-256-10")]
    public string Architecture { get; set; } = "784-128-10";

    [Params("native", "managed")]
    public string Backend { get; set; } = "native";

    [GlobalSetup]
    public void Setup()
    {
        Backends.Select(Backend);
        _network = Network.Create(Backends.Sizes(Architecture), seed: 2);
        _network.InputScaling = InputScaling.UnitRange;
        var random = new Random(4);
        _batch = Matrix<float>.Build.Dense(784, 10_000, (_, _) => random.NextDouble() < 0.8 ? 0f : random.Next(256));
        _sample = _batch.Column(0).ToArray();
        _classes = new int[10_000];
        _network.Predict(_sample);
        _network.Predict(_batch, _classes);
    }

    [Benchmark(Description = "Predict(one sample)")]
    public int PredictOne() => _network.Predict(_sample);

    [Benchmark(Description = "Predict(10,000 batch)")]
    public void PredictBatch() => _network.Predict(_batch, _classes);
}
