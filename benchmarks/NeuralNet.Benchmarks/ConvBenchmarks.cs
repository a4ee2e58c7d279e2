using BenchmarkDotNet.Attributes;
using NeuralNet.Optimizers;

namespace NeuralNet.Benchmarks;

/// <summary>The comparison's CNN (conv 5×5×32 pad 2, max-pool 2, conv 5×5×64 pad 2, max-pool 2, dense 128, dense 10): its training step against the step's matrix products alone (the baseline), and its passes.</summary>
/// <remarks>
/// The step (forward, backward, Adam) should stay within 1.5× of its products: the rest is im2col and col2im copies, bias,
/// ReLU, pooling and the update. On a shared machine the two are best compared in alternating rounds in one process:
/// <c>--cnn-ratio</c> (<see cref="CnnStepRatio"/>) does that and also times each layer.
/// </remarks>
[MemoryDiagnoser]
public class ConvBenchmarks
{
    private CnnWorkload _work = null!;
    private CnnProducts _products = null!;
    private Adam _optimizer = null!;
    private int[] _classes = [];

    [Params(64)]
    public int BatchSize { get; set; } = 64;

    [Params("native", "managed")]
    public string Backend { get; set; } = "native";

    [GlobalSetup]
    public void Setup()
    {
        Backends.Select(Backend);
        _work = new CnnWorkload(BatchSize);
        _products = new CnnProducts(_work.Network, BatchSize);
        _optimizer = new Adam(1e-3f);
        _classes = new int[BatchSize];
        Step(); // size the buffers and create the optimizer's state, as the first step of a run does
        Predict();
    }

    [Benchmark(Baseline = true, Description = "its matrix products alone")]
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

    [Benchmark(Description = "predict the batch")]
    public void Predict() => _work.Network.Predict(_work.Inputs, _classes);
}
