using BenchmarkDotNet.Attributes;
using NeuralNet.Optimizers;

namespace NeuralNet.Benchmarks;

/// <summary>Forward, backward, and a whole training step with the library's optimizer on one batch, beside the step's matrix products alone, against the naive operator-based code as the baseline.</summary>
/// <remarks>The step is what <see cref="Training.Trainer"/> runs on every batch before its own bookkeeping (see <see cref="TrainerBatchBenchmarks"/>).</remarks>
[MemoryDiagnoser]
public class TrainStepBenchmarks
{
    private Workload _work = null!;
    private NaiveNetwork _naive = null!;
    private StepProducts _products = null!;
    private Optimizer _optimizer = null!;

    [Params("784-128-10", "784-256-256-10")]
    public string Architecture { get; set; } = "784-128-10";

    [Params(64, 256)]
    public int BatchSize { get; set; }

    [Params("native", "managed")]
    public string Backend { get; set; } = "native";

    [Params("sgd", "momentum", "adam")]
    public string Optimizer { get; set; } = "sgd";

    [GlobalSetup]
    public void Setup()
    {
        Backends.Select(Backend);
        _work = new Workload(Architecture, BatchSize);
        _naive = new NaiveNetwork(_work.Network, Optimizer);
        _products = new StepProducts(Backends.Sizes(Architecture), BatchSize, Backends.Multiplier(Backend));
        _optimizer = Workload.CreateOptimizer(Optimizer);
        Step(); // size the buffers and create the optimizer's state, as the first step of a run does
    }

    [Benchmark(Baseline = true, Description = "naive MathNet operators")]
    public void NaiveStep() => _naive.Step(_work.Inputs, _work.Targets);

    [Benchmark(Description = "its matrix products alone")]
    public void Products() => _products.Run();

    [Benchmark]
    public void Forward() => _work.Network.Forward(_work.Inputs);

    [Benchmark]
    public void Backward() => _work.Network.Backward(_work.Loss, _work.Targets);

    [Benchmark(Description = "training step")]
    public void Step()
    {
        _work.Network.Forward(_work.Inputs);
        _work.Network.Backward(_work.Loss, _work.Targets);
        _optimizer.Step(_work.Network.Parameters);
    }
}
