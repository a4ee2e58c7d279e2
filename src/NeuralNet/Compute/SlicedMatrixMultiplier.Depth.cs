using System.Runtime.CompilerServices;

namespace NeuralNet.Compute;

/// <summary>One sample's dense product <c>A·x</c>, cut between threads by depth rather than by rows.</summary>
/// <remarks>
/// <para>Every row of it is two chains, over the low and the high half of the depth
/// (<see cref="ManagedKernelMultiplier.Narrow"/>); here one part computes the low chains and another the high ones, each
/// over its own contiguous half of A's columns, and the caller adds them. With more threads than two, each half is cut
/// by rows too. The chains are the same whoever computes them, so the bits are those of one thread.</para>
/// <para>Why by depth: halves of the rows read every column in two interleaved slices, and each core's prefetching
/// fetches the other's lines as well. For 784-128 weights (401 KB, a MathNet array) two threads took 0.80× the time
/// with halves of the depth (scratch program, alternating, medians).</para>
/// <para>Whether a helper pays is judged on the dense size, before any pair of zeros is found: a sample that comes here
/// is not mostly zeros where the layer is wide (those go to <see cref="SparseInputProduct"/>), and each part finds the
/// pairs of its own half, on its own core, after the hand-off.</para>
/// </remarks>
internal abstract unsafe partial class SlicedMatrixMultiplier
{
    /// <summary>Computes <paramref name="args"/> (one column, op(A) = A) in halves of its depth on the helpers, when it is large enough to pay for them; false when it is not, having computed nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TrySplitByDepth(ref GemmArguments args)
    {
        int rowBlocks = (int)Math.Min(Threads, args.MultiplyAdds / MinimumNarrowMultiplyAddsPerPart) / 2;
        if (rowBlocks < 1 || _workers is null)
        {
            return false;
        }

        fixed (float* highSums = ManagedKernelMultiplier.HighSums(args.M))
        {
            var split = new DepthSplit
            {
                Rows = args with { Parts = rowBlocks, SplitColumns = false },
                LowDepth = ManagedKernelMultiplier.LowDepth(args.K),
                HighSums = highSums,
            };
            ProductWorkers.Run(_workers, &RunDepthPart, &split, 2 * rowBlocks);

            ManagedKernelMultiplier.AddHalves(args.C, highSums, args.M, args.Alpha);
        }

        return true;
    }

    /// <summary>Part p: the low (even p) or high (odd p) chains of row block p / 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunDepthPart(void* state, int part)
    {
        var split = (DepthSplit*)state;
        GemmArguments rows = split->Rows.Slice(part >> 1);
        if (rows.M == 0)
        {
            return;
        }

        bool high = (part & 1) != 0;
        float* sums = high ? split->HighSums + (rows.C - split->Rows.C) : rows.C;
        long step = rows.TransposeB ? rows.Ldb : 1;
        int from = high ? split->LowDepth : 0;
        int to = high ? rows.K : split->LowDepth;
        ManagedKernelMultiplier.Chains(rows.A, rows.Lda, rows.M, rows.B, step, from, to, sums);
    }

    /// <summary>What the parts of a product cut by depth share: the product with its row blocks, where its depth is halved, and where the high chains go.</summary>
    private struct DepthSplit
    {
        public GemmArguments Rows;
        public int LowDepth;
        public float* HighSums;
    }
}
