using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Layers;

namespace NeuralNet.Benchmarks;

/// <summary>A training Forward of Dropout(0.5) on an 800-unit hidden layer (draw a mask, multiply), against the copy it is at inference.</summary>
[MemoryDiagnoser]
public class DropoutBenchmarks
{
    private Dropout _training = null!;
    private Dropout _inference = null!;
    private Matrix<float> _input = null!;

    [Params(1, 64, 256)]
    public int BatchSize { get; set; } = 64;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        _input = Matrix<float>.Build.Dense(800, BatchSize, (_, _) => (float)random.NextDouble());
        _training = new Dropout(800, 0.5f, seed: 1);
        _inference = new Dropout(800, 0.5f, seed: 1) { IsTraining = false };
        _training.Forward(_input);
        _inference.Forward(_input);
    }

    [Benchmark(Baseline = true, Description = "Forward, inference mode (copy)")]
    public Matrix<float> Copy() => _inference.Forward(_input);

    [Benchmark(Description = "Forward, training mode (mask + multiply)")]
    public Matrix<float> Mask() => _training.Forward(_input);
}
