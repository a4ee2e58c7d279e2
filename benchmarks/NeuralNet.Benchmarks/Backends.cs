using NeuralNet.Compute;

namespace NeuralNet.Benchmarks;

/// <summary>Selects a compute backend by the name a benchmark parameter carries.</summary>
internal static class Backends
{
    /// <summary>The library's two routes: <c>native</c> (the BLAS found on the machine) and <c>managed</c> (its SIMD kernel).</summary>
    public static IEnumerable<string> Library => ComputeBackend.TryLoadNative() is null ? ["managed"] : ["native", "managed"];

    /// <summary>Makes <paramref name="backend"/> the process-wide backend; says which unless <paramref name="quiet"/>.</summary>
    public static void Select(string backend, bool quiet = false)
    {
        if (backend == "native")
        {
            ComputeBackend.UseNative();
        }
        else
        {
            ComputeBackend.UseManaged();
        }

        if (!quiet)
        {
            Console.WriteLine($"// Compute backend: {ComputeBackend.Current}");
        }
    }

    /// <summary>The multiplier for <paramref name="backend"/>, including <c>mathnet</c> (MathNet's managed provider).</summary>
    public static MatrixMultiplier Multiplier(string backend)
    {
        if (backend == "mathnet")
        {
            return MathNetMatrixMultiplier.Instance;
        }

        Select(backend);
        return ComputeBackend.Multiplier;
    }

    /// <summary>Parses an architecture such as <c>784-128-10</c>.</summary>
    public static int[] Sizes(string architecture) => architecture.Split('-').Select(int.Parse).ToArray();
}
