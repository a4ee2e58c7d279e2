using BenchmarkDotNet.Attributes;

namespace NeuralNet.Benchmarks;

/// <summary>Forward, backward, and a whole SGD training step on one batch, beside the step's matrix products alone, against the naive operator-based code as the baseline.</summary>
[MemoryDiagnoser]
public class TrainStepBenchmarks
{
    private Workload _work = null!;
    private NaiveNetwork _naive = null!;
    private StepProducts _products = null!;

    [Params("784-128-10", "784-256-256-10")]
    public string Architecture { get; set; } = "784-128-10";

    [Params(64, 256)]
    public int BatchSize { get; set; }

    [Params("native", "managed")]
    public string Backend { get; set; } = "native";

    [GlobalSetup]
    public void Setup()
    {
        Backends.Select(Backend);
        _work = new Workload(Architecture, BatchSize);
        _naive = new NaiveNetwork(_work.Network);
        _products = new StepProducts(Backends.Sizes(Architecture), BatchSize, Backends.Multiplier(Backend));
        Step(); // size the buffers for this batch size, as the first step of an epoch does
    }

    [Benchmark(Baseline = true, Description = "naive MathNet operators")]
    public void NaiveStep() => _naive.Step(_work.Inputs, _work.Targets, 0.01f);

    [Benchmark(Description = "its matrix products alone")]
    public void Products() => _products.Run();

    [Benchmark]
    public void Forward() => _work.Network.Forward(_work.Inputs);

    [Benchmark]
    public void Backward() => _work.Network.Backward(_work.Loss, _work.Targets);

    [Benchmark(Description = "training step (SGD)")]
    public void Step()
    {
        _work.Network.Forward(_work.Inputs);
        _work.Network.Backward(_work.Loss, _work.Targets);
        Workload.SgdUpdate(_work.Network, 0.01f);
    }
}
