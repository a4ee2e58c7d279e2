using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Data;
using NeuralNet.Optimizers;
using NeuralNet.Randomness;
using NeuralNet.Training;

namespace NeuralNet.Benchmarks;

/// <summary>What <see cref="Trainer"/> adds to each batch, piece by piece, against the bare step (forward, backward, SGD) as the baseline.</summary>
/// <remarks>
/// Each piece is the trainer's own code: gathering the batch from the shuffled order, the batch loss (a logarithm per
/// column), the accuracy (an argmax per column), and the step as the trainer runs it, with the divergence check folded
/// into the optimizer's pass. The separate finiteness pass it replaced and the training set's fingerprint (once per
/// <c>Fit</c> call, not per batch) are here to put numbers on them.
/// </remarks>
[MemoryDiagnoser]
public class TrainerBatchBenchmarks
{
    private const int Samples = 60_000;
    private Workload _work = null!;
    private Optimizer _optimizer = null!;
    private Dataset _data = null!;
    private BatchSource _batches = null!;
    private int[] _order = null!;
    private BatchSource.Batch _batch = null!;
    private Matrix<float> _output = null!;
    private int _next;

    [Params("784-128-10", "784-256-256-10")]
    public string Architecture { get; set; } = "784-128-10";

    [Params(64, 256)]
    public int BatchSize { get; set; } = 64;

    [Params("native")]
    public string Backend { get; set; } = "native";

    [GlobalSetup]
    public void Setup()
    {
        Backends.Select(Backend);
        _work = new Workload(Architecture, BatchSize);
        _optimizer = Workload.CreateOptimizer("sgd");
        _data = Workload.SyntheticMnist(Samples);
        _order = Enumerable.Range(0, Samples).ToArray();
        new SeededRandom(3).Shuffle(_order.AsSpan());
        _batches = new BatchSource(_data, 10, BatchSize);
        _batch = _batches.Get(_order, 0);
        Step();
        _output = _work.Network.Forward(_batch.Inputs);
    }

    [Benchmark(Baseline = true, Description = "bare step (forward, backward, SGD)")]
    public void Step()
    {
        _work.Network.Forward(_batch.Inputs);
        _work.Network.Backward(_work.Loss, _batch.Targets);
        _optimizer.Step(_work.Network.Parameters);
    }

    [Benchmark(Description = "step with the divergence check, as Trainer runs it")]
    public int CheckedStep()
    {
        _work.Network.Forward(_batch.Inputs);
        _work.Network.Backward(_work.Loss, _batch.Targets);
        return _optimizer.StepAndFindNonFinite(_work.Network.Parameters);
    }

    [Benchmark(Description = "gather the batch")]
    public int Gather() => _batches.Get(_order, _next = (_next + 1) % (_batches.BatchesPerEpoch - 1)).Count;

    [Benchmark(Description = "batch loss")]
    public float Loss() => _work.Loss.Compute(_output, _batch.Targets);

    [Benchmark(Description = "accuracy (argmax per column)")]
    public long Accuracy() => Metrics.CountCorrect(_output, _batch.LabelArray);

    [Benchmark(Description = "a separate finiteness pass (replaced by the check in the step)")]
    public int FinitenessCheck() => DivergenceMonitor.FirstNonFinite(_work.Network.Parameters);

    [Benchmark(Description = "fingerprint of the training set (once per Fit)")]
    public uint Fingerprint() => Trainer.Fingerprint(_data).Checksum;
}
