using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Data;
using NeuralNet.Optimizers;
using NeuralNet.Randomness;
using NeuralNet.Training;

namespace NeuralNet.Benchmarks;

/// <summary>One epoch over 60,000 MNIST-shaped samples with SGD: <see cref="Trainer.Fit"/> against the bare loop it wraps (shuffle, gather, forward, backward, optimizer step).</summary>
/// <remarks>
/// The difference is the trainer's own cost: the batch loss and accuracy, the finiteness check after every update, the
/// divergence snapshot every 64 batches, and per <c>Fit</c> call the training set's fingerprint and the epoch's order.
/// The allocations are per epoch; none of them is per batch (<c>Fit_PerBatch_AllocatesNothing</c> in the tests).
/// </remarks>
[MemoryDiagnoser]
public class EpochBenchmarks
{
    private const int Samples = 60_000;
    private Workload _work = null!;
    private Dataset _data = null!;
    private Optimizer _optimizer = null!;
    private int[] _order = null!;
    private Matrix<float> _inputs = null!;
    private Matrix<float> _targets = null!;
    private Matrix<float> _lastInputs = null!;
    private Matrix<float> _lastTargets = null!;
    private int _epoch;

    [Params("784-128-10")]
    public string Architecture { get; set; } = "784-128-10";

    [Params(64, 256)]
    public int BatchSize { get; set; } = 64;

    [Params("native", "managed")]
    public string Backend { get; set; } = "native";

    [GlobalSetup]
    public void Setup()
    {
        Backends.Select(Backend);
        _work = new Workload(Architecture, BatchSize);
        _optimizer = Workload.CreateOptimizer("sgd");
        _data = Workload.SyntheticMnist(Samples);
        _order = Enumerable.Range(0, Samples).ToArray();
        _inputs = Matrix<float>.Build.Dense(784, BatchSize);
        _targets = Matrix<float>.Build.Dense(10, BatchSize);
        _lastInputs = Matrix<float>.Build.Dense(784, Math.Max(1, Samples % BatchSize));
        _lastTargets = Matrix<float>.Build.Dense(10, Math.Max(1, Samples % BatchSize));
    }

    [Benchmark(Baseline = true, Description = "bare loop: shuffle, gather, step")]
    public void BareLoop()
    {
        new SeededRandom(++_epoch).Shuffle(_order.AsSpan());
        for (int start = 0; start < Samples; start += BatchSize)
        {
            bool full = start + BatchSize <= Samples;
            Matrix<float> x = full ? _inputs : _lastInputs;
            Matrix<float> y = full ? _targets : _lastTargets;
            _data.FillBatch(_order.AsSpan(start, x.ColumnCount), x, y);
            _work.Network.Forward(x);
            _work.Network.Backward(_work.Loss, y);
            _optimizer.Step(_work.Network.Parameters);
        }
    }

    [Benchmark(Description = "Trainer.Fit, one epoch")]
    public TrainingHistory Fit() =>
        new Trainer(_work.Network, _work.Loss, _optimizer, new TrainerOptions { Epochs = 1, BatchSize = BatchSize, Seed = ++_epoch }).Fit(_data);
}
