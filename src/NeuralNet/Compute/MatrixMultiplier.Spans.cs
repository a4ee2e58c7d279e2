using System.Runtime.CompilerServices;

namespace NeuralNet.Compute;

/// <summary>Products on blocks of raw column-major storage, such as one sample's slice of a batch.</summary>
/// <remarks>
/// <para>The matrix forms multiply whole MathNet matrices; a convolution multiplies, per sample, a block of a larger
/// array (the sample's C × H × W values viewed as an (H·W) × C matrix) and scratch that is not a matrix at all. This form
/// takes spans and leading dimensions as BLAS does: op(A) is m × k, op(B) is k × n, C is m × n, and a column of each
/// stored matrix starts <c>ld</c> floats after the previous one.</para>
/// <para>It validates once (sizes, leading dimensions, that every span holds its matrix, that C overlaps neither
/// operand) and routes to the same kernels as the matrix forms: <see cref="SlicedMatrixMultiplier"/> (native BLAS or the
/// managed kernel). A multiplier of another kind (MathNet's provider, used by tests) falls back to a one-thread managed kernel.</para>
/// </remarks>
internal abstract partial class MatrixMultiplier
{
    private static ManagedKernelMultiplier? _spanFallback;

    /// <summary>Computes <c>c = alpha · op(a) · op(b)</c> on column-major blocks of storage.</summary>
    /// <param name="transposeA">Whether op(a) is aᵀ (a stored k × m) rather than a (stored m × k).</param>
    /// <param name="transposeB">Whether op(b) is bᵀ (b stored n × k) rather than b (stored k × n).</param>
    /// <param name="m">Rows of op(a) and of c.</param>
    /// <param name="n">Columns of op(b) and of c.</param>
    /// <param name="k">The inner size.</param>
    /// <param name="alpha">The factor of the product.</param>
    /// <param name="a">The storage of a, from its first element.</param>
    /// <param name="lda">Floats between the starts of two columns of a (at least its rows).</param>
    /// <param name="b">The storage of b, from its first element.</param>
    /// <param name="ldb">Floats between the starts of two columns of b (at least its rows).</param>
    /// <param name="c">The storage of c, overwritten.</param>
    /// <param name="ldc">Floats between the starts of two columns of c (at least m).</param>
    /// <param name="singleThreaded">Compute on the calling thread only: for callers that already run one product per core (a batch cut by samples).</param>
    /// <exception cref="ArgumentException">A size is negative, a leading dimension is too small, a span is too short for its matrix, or c overlaps an operand.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe void Multiply(
        bool transposeA,
        bool transposeB,
        int m,
        int n,
        int k,
        float alpha,
        ReadOnlySpan<float> a,
        int lda,
        ReadOnlySpan<float> b,
        int ldb,
        Span<float> c,
        int ldc,
        bool singleThreaded = false)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw NegativeSize(m, n, k);
        }

        if (m == 0 || n == 0)
        {
            return;
        }

        CheckStorage(a.Length, transposeA ? k : m, transposeA ? m : k, lda, nameof(a));
        CheckStorage(b.Length, transposeB ? n : k, transposeB ? k : n, ldb, nameof(b));
        CheckStorage(c.Length, m, n, ldc, nameof(c));
        if (k == 0)
        {
            // An empty sum: every element of c is 0.
            for (int j = 0; j < n; j++)
            {
                c.Slice(j * ldc, m).Clear();
            }

            return;
        }

        // Only the floats each matrix spans count: a caller may pass the rest of a buffer after its operand.
        ReadOnlySpan<float> aUsed = a[..Extent(transposeA ? k : m, transposeA ? m : k, lda)];
        ReadOnlySpan<float> bUsed = b[..Extent(transposeB ? n : k, transposeB ? k : n, ldb)];
        Span<float> cUsed = c[..Extent(m, n, ldc)];
        if (cUsed.Overlaps(aUsed) || cUsed.Overlaps(bUsed))
        {
            throw new ArgumentException("The result of a matrix product must not overlap one of its operands.", nameof(c));
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            var args = new GemmArguments
            {
                TransposeA = transposeA,
                TransposeB = transposeB,
                M = m,
                N = n,
                K = k,
                Alpha = alpha,
                A = pa,
                Lda = lda,
                B = pb,
                Ldb = ldb,
                C = pc,
                Ldc = ldc,
                Parts = 1,
            };
            SlicedMatrixMultiplier target = this as SlicedMatrixMultiplier ?? (_spanFallback ??= new ManagedKernelMultiplier(1));
            target.RunWithKernel(ref args, singleThreaded);
        }
    }

    private static int Extent(int rows, int columns, int leadingDimension) => ((columns - 1) * leadingDimension) + rows;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckStorage(int length, int rows, int columns, int leadingDimension, string name)
    {
        if (leadingDimension < Math.Max(1, rows))
        {
            throw LeadingDimensionTooSmall(rows, columns, leadingDimension, name);
        }

        if (columns > 0 && rows > 0 && length < ((long)(columns - 1) * leadingDimension) + rows)
        {
            throw StorageTooShort(length, rows, columns, leadingDimension, name);
        }
    }

    // Built apart, compiled only when thrown (see the remarks of Elementwise).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException NegativeSize(int m, int n, int k) =>
        new($"Cannot compute a {m}x{n} product over {k}: sizes must not be negative.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException LeadingDimensionTooSmall(int rows, int columns, int leadingDimension, string name) =>
        new($"A stored {rows}x{columns} matrix needs a leading dimension of at least {Math.Max(1, rows)} but got {leadingDimension}.", name);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException StorageTooShort(int length, int rows, int columns, int leadingDimension, string name) =>
        new($"A stored {rows}x{columns} matrix with leading dimension {leadingDimension} needs {((long)(columns - 1) * leadingDimension) + rows} floats but the span holds {length}.", name);
}
