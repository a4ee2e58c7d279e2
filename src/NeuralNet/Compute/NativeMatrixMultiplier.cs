using System.Runtime.CompilerServices;

namespace NeuralNet.Compute;

/// <summary>Matrix products through a native BLAS's <c>cblas_sgemm</c>, called directly on MathNet's column-major arrays.</summary>
/// <remarks>
/// The BLAS's own threading is set to one thread: each large product is cut into slices here instead, one
/// single-threaded <c>cblas_sgemm</c> call per core (see <see cref="ProductWorkers"/> for why).
/// </remarks>
internal sealed unsafe class NativeMatrixMultiplier : SlicedMatrixMultiplier
{
    /// <summary>Wraps a loaded BLAS; sets its own thread count to 1 when it has one.</summary>
    public NativeMatrixMultiplier(NativeBlas blas, int threads)
        : base(threads, &Kernel, (IntPtr)blas.Sgemm)
    {
        Blas = blas;
        blas.SetThreads(1);
    }

    /// <summary>The library behind the products.</summary>
    public NativeBlas Blas { get; }

    /// <inheritdoc />
    public override string Name => Blas.Provider;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel(in GemmArguments g)
    {
        if (g.N <= 2)
        {
            // One-sample prediction: a memory-bound matrix-vector product, faster in managed code than through sgemm.
            ManagedKernelMultiplier.Narrow(g);
            return;
        }

        Sgemm(g, g.Context);
    }

    /// <summary>Computes one part through <paramref name="function"/>, a <c>cblas_sgemm</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Sgemm(in GemmArguments g, IntPtr function)
    {
        var sgemm = (delegate* unmanaged[Cdecl]<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)function;
        sgemm(
            NativeBlas.ColumnMajor,
            g.TransposeA ? NativeBlas.Transpose : NativeBlas.NoTranspose,
            g.TransposeB ? NativeBlas.Transpose : NativeBlas.NoTranspose,
            g.M,
            g.N,
            g.K,
            g.Alpha,
            g.A,
            g.Lda,
            g.B,
            g.Ldb,
            0f,
            g.C,
            g.Ldc);
    }
}
