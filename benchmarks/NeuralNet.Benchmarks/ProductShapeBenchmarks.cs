using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;

namespace NeuralNet.Benchmarks;

/// <summary>Each product of the compare networks' training steps alone (the shapes of <see cref="ProductRatio"/>), on each backend.</summary>
/// <remarks>GFLOPS = 2·m·n·k / time. <c>--products</c> times the same shapes in alternating rounds, which suits a shared machine better.</remarks>
[MemoryDiagnoser]
public class ProductShapeBenchmarks
{
    private Action _product = null!;

    public static IEnumerable<string> ShapeNames => ProductRatio.Shapes.Select(s => s.Name);

    [ParamsSource(nameof(ShapeNames))]
    public string Shape { get; set; } = "mlp1 Z1=W1·X";

    [Params("native", "managed")]
    public string Backend { get; set; } = "native";

    [GlobalSetup]
    public void Setup()
    {
        var (_, transposeA, transposeB, m, n, k) = ProductRatio.Shapes.Single(s => s.Name == Shape);
        var gemm = Backends.Multiplier(Backend);
        var random = new Random(5);
        Matrix<float> Fill(int rows, int columns) => Matrix<float>.Build.Dense(rows, columns, (_, _) => (float)(random.NextDouble() - 0.5));
        Matrix<float> a = transposeA ? Fill(k, m) : Fill(m, k);
        Matrix<float> b = transposeB ? Fill(n, k) : Fill(k, n);
        Matrix<float> c = Fill(m, n);
        _product = transposeA ? () => gemm.MultiplyTransposeLeft(a, b, c)
            : transposeB ? () => gemm.MultiplyTransposeRight(a, b, c)
            : () => gemm.Multiply(a, b, c);
        _product();
    }

    [Benchmark(Description = "one product")]
    public void Product() => _product();
}
