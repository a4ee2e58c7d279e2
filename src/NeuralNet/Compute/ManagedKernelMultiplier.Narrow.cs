using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralNet.Compute;

internal sealed unsafe partial class ManagedKernelMultiplier
{
    [ThreadStatic]
    private static float[]? _highSums;

    /// <summary>One or two columns of C (single-sample prediction): memory-bound, so op(A) is streamed once without packing.</summary>
    /// <remarks>
    /// <para>The native multiplier sends such products here too: OpenBLAS 0.3.21 took 4× as long for a 128×784 by 784×1
    /// product with its Haswell kernel (and no less with its AVX-512 one), measured on this machine.</para>
    /// <para>For <c>A·x</c> every row of C is two chains of fused multiply-adds from +0, each over k in ascending order:
    /// one over the first <see cref="LowDepth"/> k, one over the rest; <c>C[i] = alpha·(low + high)</c>. Two halves of
    /// the depth, so that two threads can share one sample's product by depth (<see cref="SlicedMatrixMultiplier"/>):
    /// each then reads whole columns of A, one contiguous half of it, where two halves of the rows read every column in
    /// two interleaved slices, and each core's prefetching fetches the other's lines too. Measured on 784-128 weights
    /// from a MathNet array with two threads: 0.80× the time of halves of the rows.</para>
    /// <para>Every path below (64 rows in AVX-512 registers; 64 or 32 in AVX2 ones, and the last rows in blocks of 8;
    /// single rows when there are fewer than 8) computes exactly those chains, so neither the vector width nor how the
    /// product is split between threads changes a bit. Pairs of k whose two inputs are zero are skipped, which changes no
    /// bit either (<see cref="NonzeroPairs"/>). (A sample that is mostly zeros does not come here at all:
    /// <see cref="SlicedMatrixMultiplier"/> sends it to <see cref="SparseInputProduct"/>.)</para>
    /// <para>Why 64 rows at a time: every block of rows reads its slice of each of A's columns, so the fewer the blocks,
    /// the fewer the passes over A with a stride of a whole column. A column of 128 rows in two passes of 64 took 0.75×
    /// the time of four passes of 32 (one thread, 784-128 weights from a MathNet array, measured), and 64 rows in one
    /// pass 0.73× that of two. Eight AVX2 accumulators keep both FMA units busy with one chain per row.</para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Narrow(in GemmArguments g)
    {
        if (g.TransposeA)
        {
            // C[i, j] = dot(A[:, i], op(B)[:, j]): columns of A are contiguous.
            for (int j = 0; j < g.N; j++)
            {
                float* c = g.C + ((long)j * g.Ldc);
                for (int i = 0; i < g.M; i++)
                {
                    var a = new ReadOnlySpan<float>(g.A + ((long)i * g.Lda), g.K);
                    c[i] = g.Alpha * (g.TransposeB ? StridedDot(a, g.B + j, g.Ldb) : TensorPrimitives.Dot(a, new ReadOnlySpan<float>(g.B + ((long)j * g.Ldb), g.K)));
                }
            }

            return;
        }

        int lowDepth = LowDepth(g.K);
        fixed (float* highSums = HighSums(g.M))
        {
            for (int j = 0; j < g.N; j++)
            {
                float* c = g.C + ((long)j * g.Ldc);
                float* b = g.TransposeB ? g.B + j : g.B + ((long)j * g.Ldb);
                long bStep = g.TransposeB ? g.Ldb : 1;
                Chains(g.A, g.Lda, g.M, b, bStep, 0, lowDepth, c);
                Chains(g.A, g.Lda, g.M, b, bStep, lowDepth, g.K, highSums);
                AddHalves(c, highSums, g.M, g.Alpha);
            }
        }
    }

    /// <summary>This thread's buffer for the high chains of <paramref name="rows"/> rows (<see cref="Narrow"/>, and a product cut by depth), made once per size it grows to.</summary>
    /// <remarks>One buffer serves both: a product cut by depth runs <see cref="Chains"/> in its parts, never
    /// <see cref="Narrow"/>, so a thread never holds the two at once.</remarks>
    internal static float[] HighSums(int rows) =>
        _highSums is { } existing && existing.Length >= rows ? existing : (_highSums = new float[Math.Max(rows, 16)]);

    /// <summary>How many of a depth of <paramref name="depth"/> the first of <see cref="Narrow"/>'s two chains covers: the first half of its pairs of k, rounded up.</summary>
    internal static int LowDepth(int depth) => 2 * (((depth / 2) + 1) / 2);

    /// <summary>Writes, for each of <paramref name="m"/> rows of A, its chain over k in [<paramref name="from"/>, <paramref name="to"/>) of <c>A[i, k]·x[k]</c> (from an even <paramref name="from"/>), unscaled.</summary>
    /// <param name="a">A's first row (of the block of rows to compute), k = 0.</param>
    /// <param name="lda">Floats between two columns of A.</param>
    /// <param name="m">Rows to compute.</param>
    /// <param name="x">The vector's first value, k = 0.</param>
    /// <param name="step">Floats between two of its values.</param>
    /// <param name="from">The first k, even.</param>
    /// <param name="to">One past the last k.</param>
    /// <param name="sums">Room for <paramref name="m"/> sums.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Chains(float* a, int lda, int m, float* x, long step, int from, int to, float* sums)
    {
        // Each part finds the pairs it needs into its own thread's buffer, after the product is handed out: lines that
        // another core has read must be taken back from it before they are written again, and when the caller found the
        // pairs once for both parts, its next prediction waited 1.2 µs for them (784-128-10, measured), four times as
        // long as finding them again.
        a += (long)from * lda;
        x += from * step;
        int depth = to - from;
        int pairCount = depth / 2;
        fixed (int* buffer = NonzeroPairs.Buffer(pairCount))
        {
            var terms = new Terms(buffer, NonzeroPairs.Find(x, step, pairCount, buffer), depth);
            int i0 = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; i0 + 64 <= m; i0 += 64)
                {
                    Rows(default(Sums64Avx512), a + i0, lda, terms, x, step, sums + i0);
                }
            }

            if (Vector256.IsHardwareAccelerated)
            {
                for (; i0 + 64 <= m; i0 += 64)
                {
                    Rows(default(Sums64), a + i0, lda, terms, x, step, sums + i0);
                }

                for (; i0 + 32 <= m; i0 += 32)
                {
                    Rows(default(Sums32), a + i0, lda, terms, x, step, sums + i0);
                }

                if (i0 < m && m >= 8)
                {
                    Rows(new LastRowSums(m - i0), a + i0, lda, terms, x, step, sums + i0);
                    i0 = m;
                }
            }

            for (; i0 < m; i0++)
            {
                float sum = 0f;
                float* row = a + i0;
                for (int n = 0; n < terms.Count; n++)
                {
                    long k = 2L * terms.Pairs[n];
                    sum = MulAdd(row[k * lda], x[k * step], sum);
                    sum = MulAdd(row[(k + 1) * lda], x[(k + 1) * step], sum);
                }

                if (terms.HasLast)
                {
                    sum = MulAdd(row[terms.Last * lda], x[terms.Last * step], sum);
                }

                sums[i0] = sum;
            }
        }
    }

    /// <summary>Sets <c>c[i] = alpha·(c[i] + high[i])</c> for <paramref name="m"/> rows: the two chains of <see cref="Narrow"/>, added and scaled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AddHalves(float* c, float* high, int m, float alpha)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var scale = Vector256.Create(alpha);
            for (; i + 8 <= m; i += 8)
            {
                ((Vector256.Load(c + i) + Vector256.Load(high + i)) * scale).Store(c + i);
            }
        }

        for (; i < m; i++)
        {
            c[i] = alpha * (c[i] + high[i]);
        }
    }

    /// <summary>The chains of the rows that <typeparamref name="TSums"/> holds, from row 0 of <paramref name="a"/> and <paramref name="c"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows<TSums>(TSums sums, float* a, int lda, in Terms terms, float* b, long bStep, float* c)
        where TSums : struct, IRowSums
    {
        int* pairs = terms.Pairs;
        for (int n = 0; n < terms.Count; n++)
        {
            long k = 2L * pairs[n];
            float* column = a + (k * lda);
            float* x = b + (k * bStep);
            sums.Add(column, x[0]);
            sums.Add(column + lda, x[bStep]);
        }

        if (terms.HasLast)
        {
            sums.Add(a + (terms.Last * lda), b[terms.Last * bStep]);
        }

        sums.Store(c);
    }

    /// <summary>The running sums of a block of rows of <c>A·x</c>, one chain per row, held in registers.</summary>
    private interface IRowSums
    {
        /// <summary>Adds <c>column[i]·value</c> to the sum of each row i of the block.</summary>
        void Add(float* column, float value);

        /// <summary>Writes each row's sum.</summary>
        void Store(float* c);
    }

    /// <summary>64 rows in four AVX-512 registers.</summary>
    private struct Sums64Avx512 : IRowSums
    {
        private Vector512<float> _s0, _s1, _s2, _s3;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(float* column, float value)
        {
            var x = Vector512.Create(value);
            _s0 = Vector512.FusedMultiplyAdd(Vector512.Load(column), x, _s0);
            _s1 = Vector512.FusedMultiplyAdd(Vector512.Load(column + 16), x, _s1);
            _s2 = Vector512.FusedMultiplyAdd(Vector512.Load(column + 32), x, _s2);
            _s3 = Vector512.FusedMultiplyAdd(Vector512.Load(column + 48), x, _s3);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Store(float* c)
        {
            _s0.Store(c);
            _s1.Store(c + 16);
            _s2.Store(c + 32);
            _s3.Store(c + 48);
        }
    }

    /// <summary>64 rows in eight AVX2 registers: two blocks of 32.</summary>
    private struct Sums64 : IRowSums
    {
        private Sums32 _top, _bottom;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(float* column, float value)
        {
            _top.Add(column, value);
            _bottom.Add(column + 32, value);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Store(float* c)
        {
            _top.Store(c);
            _bottom.Store(c + 32);
        }
    }

    /// <summary>32 rows in four AVX2 registers.</summary>
    private struct Sums32 : IRowSums
    {
        private Vector256<float> _s0, _s1, _s2, _s3;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(float* column, float value)
        {
            var x = Vector256.Create(value);
            _s0 = Vector256.FusedMultiplyAdd(Vector256.Load(column), x, _s0);
            _s1 = Vector256.FusedMultiplyAdd(Vector256.Load(column + 8), x, _s1);
            _s2 = Vector256.FusedMultiplyAdd(Vector256.Load(column + 16), x, _s2);
            _s3 = Vector256.FusedMultiplyAdd(Vector256.Load(column + 24), x, _s3);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Store(float* c)
        {
            _s0.Store(c);
            _s1.Store(c + 8);
            _s2.Store(c + 16);
            _s3.Store(c + 24);
        }
    }

    /// <summary>The last 1–31 rows of a part of at least 8, in one pass: up to four blocks of 8 rows in AVX2 registers, the last of which ends with the part.</summary>
    /// <remarks>A last block that overlaps the one before it (or, with fewer than 8 rows left, the rows before them) computes
    /// some rows twice, bit for bit alike, and stays within the part's rows. Fewer than four blocks repeat the last one. One
    /// pass with four chains instead of one pass per block of 8: each block's chain waits on its fused multiply-adds'
    /// latency, so a 10 × 128 output layer took two such waits in a row.</remarks>
    private struct LastRowSums : IRowSums
    {
        private readonly long _offset0, _offset1, _offset2, _offset3;
        private Vector256<float> _s0, _s1, _s2, _s3;

        /// <summary>Blocks for the last <paramref name="rows"/> rows (1 to 31) of a part of at least 8.</summary>
        public LastRowSums(int rows)
        {
            int last = rows - 8;
            _offset0 = Math.Min(0, last);
            _offset1 = Math.Min(8, last);
            _offset2 = Math.Min(16, last);
            _offset3 = Math.Min(24, last);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(float* column, float value)
        {
            var x = Vector256.Create(value);
            _s0 = Vector256.FusedMultiplyAdd(Vector256.Load(column + _offset0), x, _s0);
            _s1 = Vector256.FusedMultiplyAdd(Vector256.Load(column + _offset1), x, _s1);
            _s2 = Vector256.FusedMultiplyAdd(Vector256.Load(column + _offset2), x, _s2);
            _s3 = Vector256.FusedMultiplyAdd(Vector256.Load(column + _offset3), x, _s3);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Store(float* c)
        {
            _s0.Store(c + _offset0);
            _s1.Store(c + _offset1);
            _s2.Store(c + _offset2);
            _s3.Store(c + _offset3);
        }
    }

    private static float StridedDot(ReadOnlySpan<float> a, float* b, int stride)
    {
        float sum = 0f;
        for (int k = 0; k < a.Length; k++)
        {
            sum += a[k] * b[(long)k * stride];
        }

        return sum;
    }

    /// <summary>The terms of one column's <c>A·x</c> to compute: the pairs of k that <see cref="NonzeroPairs"/> kept, and the last k when the depth is odd.</summary>
    private readonly struct Terms(int* pairs, int count, int depth)
    {
        /// <summary>The kept pairs p, each standing for k = 2p and 2p + 1.</summary>
        public readonly int* Pairs = pairs;

        /// <summary>How many pairs were kept.</summary>
        public readonly int Count = count;

        /// <summary>The unpaired last k of an odd depth (always computed).</summary>
        public readonly long Last = depth - 1;

        /// <summary>Whether the depth is odd, so that <see cref="Last"/> is a term after the pairs.</summary>
        public readonly bool HasLast = (depth & 1) != 0;
    }
}
