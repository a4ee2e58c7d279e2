using System.Diagnostics;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;

namespace NeuralNet.Benchmarks;

/// <summary>Each product shape of the two compare networks' training steps, on every engine, in alternating rounds: <c>--products [threads=N] [rounds] [library...]</c>.</summary>
/// <remarks>
/// The engines are the managed kernel, the BLAS the default search finds, and any library named after the round count
/// (such as Debian's reference BLAS at <c>/usr/lib/x86_64-linux-gnu/blas/libblas.so.3</c>). Every round times a block
/// of the same product on each engine in turn, so all of them see the same phase of a shared machine; the figures are
/// the medians of the rounds (time, GFLOPS) and of the per-round ratios to the first native engine, and, for a shared
/// machine, the GFLOPS of each engine's best round.
/// </remarks>
internal static class ProductRatio
{
    private const int WarmUpRounds = 3;

    /// <summary>(name, op(A) transposed, op(B) transposed, m, n, k) of the products of 784-128-10 at batch 64 and 784-256-256-10 at batch 128.</summary>
    public static readonly (string Name, bool TransposeA, bool TransposeB, int M, int N, int K)[] Shapes =
    [
        ("mlp1 Z1=W1·X", false, false, 128, 64, 784),
        ("mlp1 Z2=W2·A1", false, false, 10, 64, 128),
        ("mlp1 dW2=dZ2·A1ᵀ", false, true, 10, 128, 64),
        ("mlp1 dA1=W2ᵀ·dZ2", true, false, 128, 64, 10),
        ("mlp1 dW1=dZ1·Xᵀ", false, true, 128, 784, 64),
        ("mlp2 Z1=W1·X", false, false, 256, 128, 784),
        ("mlp2 Z2=W2·A1", false, false, 256, 128, 256),
        ("mlp2 Z3=W3·A2", false, false, 10, 128, 256),
        ("mlp2 dW3=dZ3·A2ᵀ", false, true, 10, 256, 128),
        ("mlp2 dA2=W3ᵀ·dZ3", true, false, 256, 128, 10),
        ("mlp2 dW2=dZ2·A1ᵀ", false, true, 256, 256, 128),
        ("mlp2 dA1=W2ᵀ·dZ2", true, false, 256, 128, 256),
        ("mlp2 dW1=dZ1·Xᵀ", false, true, 256, 784, 128),
        ("predict 1 W1·x", false, false, 128, 1, 784),
        ("predict 10k W1·X", false, false, 128, 10_000, 784),
    ];

    public static void Run(string[] args)
    {
        if (args is [var threads, .. var others] && threads.StartsWith("threads=", StringComparison.Ordinal))
        {
            ComputeBackend.ThreadsPerProduct = int.Parse(threads["threads=".Length..], CultureInfo.InvariantCulture);
            args = others;
        }

        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        var engines = new List<(string Name, MatrixMultiplier Gemm)> { ("managed", new ManagedKernelMultiplier(ComputeBackend.ThreadsPerProduct)) };
        if (ComputeBackend.TryLoadNative() is { } native)
        {
            engines.Insert(0, (native.Blas.Provider, native));
        }

        foreach (string library in args.Skip(1))
        {
            NativeMatrixMultiplier named = ComputeBackend.TryLoadNative(library) ?? throw new ArgumentException($"{library} does not load as a BLAS.");
            engines.Add((Path.GetFileName(named.Blas.LibraryPath), named));
        }

        Console.WriteLine($"{Environment.ProcessorCount} cores, {ManagedKernelMultiplier.VectorBits}-bit vectors, {ComputeBackend.ThreadsPerProduct} threads per product; {rounds} rounds");
        Console.Write($"{"product",-22} {"m×n×k",-14}");
        foreach ((string name, _) in engines)
        {
            Console.Write($" {name + " µs",12} {"GFLOPS",7}");
        }

        Console.WriteLine((engines.Count > 1 ? $"  {engines[0].Name}/other time: median [min, max]" : "") + "   best-round GFLOPS");
        foreach (var shape in Shapes)
        {
            Measure(shape, engines, rounds);
        }
    }

    private static void Measure((string Name, bool TransposeA, bool TransposeB, int M, int N, int K) shape, List<(string Name, MatrixMultiplier Gemm)> engines, int rounds)
    {
        var random = new Random(5);
        Matrix<float> Fill(int rows, int columns) => Matrix<float>.Build.Dense(rows, columns, (_, _) => (float)(random.NextDouble() - 0.5));
        Matrix<float> a = shape.TransposeA ? Fill(shape.K, shape.M) : Fill(shape.M, shape.K);
        Matrix<float> b = shape.TransposeB ? Fill(shape.N, shape.K) : Fill(shape.K, shape.N);
        Matrix<float> c = Fill(shape.M, shape.N);
        double flops = 2.0 * shape.M * shape.N * shape.K;
        int reps = (int)Math.Clamp(4e7 / flops, 2, 20_000);
        var times = engines.Select(_ => new List<double>()).ToArray();
        var ratios = engines.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < WarmUpRounds + rounds; round++)
        {
            var round_ = new double[engines.Count];
            for (int e = 0; e < engines.Count; e++)
            {
                MatrixMultiplier gemm = engines[e].Gemm;
                long started = Stopwatch.GetTimestamp();
                for (int i = 0; i < reps; i++)
                {
                    if (shape.TransposeA)
                    {
                        gemm.MultiplyTransposeLeft(a, b, c);
                    }
                    else if (shape.TransposeB)
                    {
                        gemm.MultiplyTransposeRight(a, b, c);
                    }
                    else
                    {
                        gemm.Multiply(a, b, c);
                    }
                }

                round_[e] = Stopwatch.GetElapsedTime(started).TotalMicroseconds / reps;
            }

            if (round >= WarmUpRounds)
            {
                for (int e = 0; e < engines.Count; e++)
                {
                    times[e].Add(round_[e]);
                    ratios[e].Add(round_[0] / round_[e]);
                }
            }
        }

        Console.Write(string.Create(CultureInfo.InvariantCulture, $"{shape.Name,-22} {$"{shape.M}×{shape.N}×{shape.K}",-14}"));
        for (int e = 0; e < engines.Count; e++)
        {
            double median = Median(times[e]);
            Console.Write(string.Create(CultureInfo.InvariantCulture, $" {median,12:F2} {flops / median / 1e3,7:F1}"));
        }

        for (int e = 1; e < engines.Count; e++)
        {
            Console.Write(string.Create(CultureInfo.InvariantCulture, $"  {Median(ratios[e]):F2} [{ratios[e].Min():F2}, {ratios[e].Max():F2}]"));
        }

        Console.Write("  ");
        foreach (List<double> time in times)
        {
            Console.Write(string.Create(CultureInfo.InvariantCulture, $" {flops / time.Min() / 1e3:F1}"));
        }

        Console.WriteLine();
    }

    internal static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
