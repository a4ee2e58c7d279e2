using System.Runtime.CompilerServices;

namespace NeuralNet.Compute;

/// <summary>One column-major product <c>C = alpha · op(A) · op(B)</c> on raw storage, as BLAS takes it.</summary>
/// <remarks>
/// <para>op(A) is m × k, op(B) is k × n, C is m × n; <c>lda</c>, <c>ldb</c>, <c>ldc</c> are the distances between columns.</para>
/// <para><see cref="Slice"/> cuts the product into independent parts, by columns of C (samples of a batch) or by rows of C,
/// so that helper threads can compute them at the same time without touching each other's output.</para>
/// </remarks>
internal unsafe struct GemmArguments
{
    public bool TransposeA;
    public bool TransposeB;
    public int M;
    public int N;
    public int K;
    public float Alpha;
    public float* A;
    public int Lda;
    public float* B;
    public int Ldb;
    public float* C;
    public int Ldc;

    /// <summary>The single-threaded kernel that computes one part.</summary>
    public delegate*<in GemmArguments, void> Kernel;

    /// <summary>What the kernel needs besides the operands (the native <c>cblas_sgemm</c>, for one).</summary>
    public IntPtr Context;

    /// <summary>Whether <see cref="Slice"/> cuts along the columns of C (else along its rows).</summary>
    public bool SplitColumns;

    /// <summary>The number of parts <see cref="Slice"/> cuts into.</summary>
    public int Parts;

    /// <summary>Multiply-adds in the whole product.</summary>
    public readonly long MultiplyAdds => (long)M * N * K;

    /// <summary>Returns part <paramref name="part"/> of <see cref="Parts"/>: a product over a range of C's columns or rows.</summary>
    /// <remarks>Row ranges are cut at multiples of 16 so that SIMD kernels keep whole vectors in every part but the last.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public readonly GemmArguments Slice(int part)
    {
        GemmArguments slice = this;
        slice.Parts = 1;
        if (SplitColumns)
        {
            int start = (int)((long)N * part / Parts);
            int end = (int)((long)N * (part + 1) / Parts);
            slice.N = end - start;
            slice.B = TransposeB ? B + start : B + ((long)start * Ldb);
            slice.C = C + ((long)start * Ldc);
        }
        else
        {
            int blocks = (M + 15) / 16;
            int start = Math.Min(M, blocks * part / Parts * 16);
            int end = Math.Min(M, blocks * (part + 1) / Parts * 16);
            slice.M = end - start;
            slice.A = TransposeA ? A + ((long)start * Lda) : A + start;
            slice.C = C + start;
        }

        return slice;
    }
}
