using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;

namespace NeuralNet.Compute;

/// <summary>A multiplier over raw column-major storage that spreads each large product over several cores.</summary>
/// <remarks>
/// Subclasses supply a single-threaded kernel; this class pins the MathNet arrays, sends products whose B is mostly zeros
/// to <see cref="SparseInputProduct"/> instead (whatever the subclass), decides whether a product is worth cutting (small
/// ones are not: handing a slice to a helper costs about a microsecond), and how (by columns of the result, that is by
/// samples, when there are enough of them, else by rows).
/// </remarks>
internal abstract unsafe partial class SlicedMatrixMultiplier : MatrixMultiplier
{
    // Below this many multiply-adds per part (about 10 µs of work at 100 GFLOPS), cutting costs more than it saves.
    private const long MinimumMultiplyAddsPerPart = 1L << 19;

    // A product with one or two columns (one sample's prediction) is bound by reading A, not by arithmetic: from 32,768
    // multiply-adds (128 KB of A, about 1 µs from the L2 cache) per part, two cores that each read half of A from their
    // own cache beat one that reads all of it. Measured: the first layer of 784-128-10 (401 KB).
    private const long MinimumNarrowMultiplyAddsPerPart = 1L << 15;

    private readonly ProductWorkers? _workers;
    private readonly delegate*<in GemmArguments, void> _kernel;
    private readonly IntPtr _context;

    /// <summary>Creates the multiplier; with <paramref name="threads"/> above 1 it starts that many helper threads minus one.</summary>
    /// <param name="threads">The most threads one product may use, the caller's included.</param>
    /// <param name="kernel">A single-threaded kernel computing one part; its arguments alias nothing it writes.</param>
    /// <param name="context">Handed to the kernel in <see cref="GemmArguments.Context"/>.</param>
    protected SlicedMatrixMultiplier(int threads, delegate*<in GemmArguments, void> kernel, IntPtr context)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        Threads = threads;
        _kernel = kernel;
        _context = context;
        _workers = threads > 1 ? new ProductWorkers(threads - 1) : null;
    }

    /// <summary>The most threads one product uses (the caller's included).</summary>
    public int Threads { get; }

    /// <summary>The helper threads, lent to other work that splits well (gathering a batch, updating large parameters); null with one thread.</summary>
    internal ProductWorkers? Workers => _workers;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected sealed override void Gemm(bool transposeA, bool transposeB, float alpha, Matrix<float> a, Matrix<float> b, Matrix<float> c)
    {
        float[] aValues = MatrixSpans.Array(a);
        float[] bValues = MatrixSpans.Array(b);
        float[] cValues = MatrixSpans.Array(c);
        fixed (float* pa = aValues, pb = bValues, pc = cValues)
        {
            var args = new GemmArguments
            {
                TransposeA = transposeA,
                TransposeB = transposeB,
                M = c.RowCount,
                N = c.ColumnCount,
                K = transposeA ? a.RowCount : a.ColumnCount,
                Alpha = alpha,
                A = pa,
                Lda = Math.Max(1, a.RowCount),
                B = pb,
                Ldb = Math.Max(1, b.RowCount),
                C = pc,
                Ldc = Math.Max(1, c.RowCount),
                Parts = 1,
                Kernel = _kernel,
                Context = _context,
            };
            Run(ref args);
        }
    }

    /// <summary>Computes a product given as raw storage, cut over the helper threads when that pays.</summary>
    /// <remarks>Arguments without a <see cref="GemmArguments.Kernel"/> get this multiplier's kernel and context.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Run(ref GemmArguments args)
    {
        if (args.Kernel == null)
        {
            args.Kernel = _kernel;
            args.Context = _context;
        }

        if (SparseInputProduct.Pays(args))
        {
            // Mostly zeros in B (raw images): whatever the engine, only its nonzero values are multiplied. One or two
            // samples are a microsecond of work, less than waking a helper; more are cut by C's columns (samples of W·X,
            // features of dZ·Xᵀ), so that each part finds the nonzero values of its own only.
            args.Kernel = args.TransposeB ? &SparseInputProduct.GradientKernel : &SparseInputProduct.Kernel;
            if ((args.TransposeB ? args.K : args.N) <= 2)
            {
                args.Parts = 1;
                args.Kernel(args);
                return;
            }

            Split(ref args, args.MultiplyAdds, byColumns: true);
            return;
        }

        // One sample with too many nonzero values for the sparse kernel: the dense chains, cut by depth when that pays.
        if (args.N == 1 && !args.TransposeA && TrySplitByDepth(ref args))
        {
            return;
        }

        Split(ref args, args.MultiplyAdds);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Split(ref GemmArguments args, long multiplyAdds, bool byColumns = false)
    {
        long perPart = args.N <= 2 ? MinimumNarrowMultiplyAddsPerPart : MinimumMultiplyAddsPerPart;
        int parts = (int)Math.Min(Threads, multiplyAdds / perPart);
        if (parts > 1 && _workers is not null)
        {
            // Cut the longer side of C: measured here, W·X at batch 64 (128×64) gained more from halves of W's rows,
            // and dW = dZ·Xᵀ (128×784) from halves of its columns. Rows are cut in whole 16-row blocks.
            args.SplitColumns = byColumns || args.N >= args.M || args.M < 32 * parts;
            if (!args.SplitColumns || args.N >= parts)
            {
                args.Parts = parts;
                fixed (GemmArguments* state = &args)
                {
                    ProductWorkers.Run(_workers, &RunPart, state, parts);
                }

                return;
            }
        }

        args.Parts = 1;
        args.Kernel(args);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunPart(void* state, int part)
    {
        GemmArguments slice = ((GemmArguments*)state)->Slice(part);
        if (slice.M > 0 && slice.N > 0)
        {
            slice.Kernel(slice);
        }
    }
}
