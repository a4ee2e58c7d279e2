using BenchmarkDotNet.Attributes;

namespace NeuralNet.Benchmarks;

/// <summary>The matrix products of one training step of a network, and nothing else, on each backend (MathNet's provider as the baseline).</summary>
/// <remarks>The floor a training step can reach on a backend: <see cref="TrainStepBenchmarks"/> runs the same products beside the step.</remarks>
[MemoryDiagnoser]
public class MatrixProductBenchmarks
{
    private StepProducts _products = null!;

    [Params("784-128-10", "784-256-256-10")]
    public string Architecture { get; set; } = "784-128-10";

    [Params(64, 256)]
    public int BatchSize { get; set; }

    [Params("native", "managed", "mathnet")]
    public string Backend { get; set; } = "native";

    [GlobalSetup]
    public void Setup() => _products = new StepProducts(Backends.Sizes(Architecture), BatchSize, Backends.Multiplier(Backend));

    [Benchmark(Description = "products of one step")]
    public void StepProducts() => _products.Run();

    [Benchmark(Description = "first layer W·X")]
    public void FirstLayerForward() => _products.FirstLayerForward();
}
