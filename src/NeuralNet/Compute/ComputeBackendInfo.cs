namespace NeuralNet.Compute;

/// <summary>A description of the matrix-product engine in use.</summary>
/// <param name="Provider">The engine: <c>managed</c>, or the native BLAS's name such as <c>OpenBLAS</c>.</param>
/// <param name="LibraryPath">The native library that was loaded, or <see langword="null"/> for managed code.</param>
/// <param name="Threads">The most threads one product uses (large products are cut into that many slices).</param>
public sealed record ComputeBackendInfo(string Provider, string? LibraryPath, int Threads)
{
    /// <summary>What the native library says about its build, such as <c>OpenBLAS 0.3.21 DYNAMIC_ARCH ..., core SkylakeX</c>; null when it does not say.</summary>
    public string? Details { get; init; }

    /// <summary>Why this engine, where there is more to say than its name: how it was chosen, and what timing it against the managed kernel showed.</summary>
    /// <remarks>
    /// For example <c>faster than /usr/lib/x86_64-linux-gnu/blas/libblas.so.3 (reference BLAS, 9.6× slower here)</c> when the
    /// default search found only the reference BLAS, <c>no native BLAS found</c>, or <c>NEURALNET_BLAS=managed</c>;
    /// null for a tuned BLAS found by the search and after <see cref="ComputeBackend.UseManaged"/>.
    /// </remarks>
    public string? Reason { get; init; }

    /// <summary>A one-line description such as <c>OpenBLAS (/usr/lib/libopenblas.so.0, 2 threads)</c>, followed by the <see cref="Reason"/> after a colon.</summary>
    public override string ToString()
    {
        string threads = $"{Threads} thread{(Threads == 1 ? "" : "s")}";
        string where = LibraryPath is null ? threads : $"{LibraryPath}, {threads}";
        string engine = Details is null ? $"{Provider} ({where})" : $"{Provider} ({where}; {Details})";
        return Reason is null ? engine : $"{engine}: {Reason}";
    }
}
