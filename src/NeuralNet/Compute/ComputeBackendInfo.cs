namespace NeuralNet.Compute;

/// <summary>A description of the matrix-product engine in use.</summary>
/// <param name="Provider">The engine: <c>managed</c>, or the native BLAS's name such as <c>OpenBLAS</c>.</param>
/// <param name="LibraryPath">The native library that was loaded, or <see langword="null"/> for the managed provider.</param>
/// <param name="Threads">How many threads the engine uses for one product.</param>
public sealed record ComputeBackendInfo(string Provider, string? LibraryPath, int Threads)
{
    /// <summary>A one-line description such as <c>OpenBLAS (/usr/lib/libopenblas.so.0, 1 thread)</c>.</summary>
    public override string ToString() =>
        LibraryPath is null
            ? $"{Provider} ({Threads} thread{(Threads == 1 ? "" : "s")})"
            : $"{Provider} ({LibraryPath}, {Threads} thread{(Threads == 1 ? "" : "s")})";
}
