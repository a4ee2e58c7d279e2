using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralNet.Compute;

/// <summary><c>C = alpha·A·B</c> for a B that is mostly zeros, such as a batch of raw images: only B's nonzero values are multiplied.</summary>
/// <remarks>
/// <para>Four fifths of an MNIST digit's pixels are background, so a dense product spends four fifths of the first layer's
/// work on exact zeros. Here each column of B (a sample) is first reduced to the list of its nonzero k, and each column of
/// C is then the sum of A's columns at those k, weighted by B's values: a fifth of the multiply-adds on MNIST.</para>
/// <para>Blocking: 64 samples at a time, and within them 128 rows of A (AVX-512; 64 with AVX2) by 64 k, which every sample
/// of the block takes its terms from while they are in the L1 cache; a sample's sums for those rows stay in eight
/// registers for all its terms in that block. A is thus read from the L2 cache once per 64 samples, not once per sample.
/// From 256 samples up, A is first copied into panels aligned to cache lines, read in blocks of 32 KB (128 k with AVX2,
/// 64 with AVX-512; see <see cref="Panels"/>).
/// A single sample (one prediction) is a block of one: its product has the bits of its column in a batch's product.</para>
/// <para>Every element of C is one chain of fused multiply-adds over the nonzero k in ascending order, from +0, scaled by
/// alpha at the end, whichever rows, samples or part of a split compute it: its bits depend only on the values, not on the
/// machine's vector width (AVX2 lanes and the scalar rows do the same operations) or on the threads. They differ from the
/// dense kernels' (other sums, in another order). As with <see cref="NonzeroPairs"/>, a NaN or infinite weight that
/// meets only zero inputs is not read.</para>
/// <para>Used where <see cref="Pays"/> finds B sparse enough, for any engine: on MNIST's inputs it is several times as fast as
/// OpenBLAS's dense product of the same shape, and it needs fused multiply-adds and AVX2.</para>
/// </remarks>
internal static unsafe partial class SparseInputProduct
{
    private const int SampleBlock = 64;
    private const int DepthBlock = 64;
    private const int RowChunk = 64;
    private const int WideRowChunk = 128;

    // The lists are kept per thread: at most 256 K entries (1 MB), so that a layer of a million inputs does not keep
    // 256 MB per thread. Fewer samples (or features) per block change no bit: each element is its own chain.
    private const int MaximumListLength = 256 * 1024;

    // At most this share of nonzero values in the columns probed. Measured on this 2-core Zen 4 for the first layer of
    // 784-128-10 at batch 10,000 on random inputs: the dense kernel took 10.1–10.5 ms at every density, this one 4.9 ms at
    // 20 % nonzero, 6.2 at 30 %, 7.5 at 40 %, 9.1 at 50 % and 10.1 at 60 %. The margin is for machines with twice the
    // multiply-adds per cycle on wide vectors, where the dense kernel gains more.
    private const int MaximumNonzeroPercent = 40;

    private const int ProbedColumns = 8;

    [ThreadStatic]
    private static int[]? _lists;

    /// <summary>The rows of A one pass over a sample's terms covers: eight registers' worth (AVX-512: 128, AVX2: 64).</summary>
    private static int RowsPerPass => Vector512.IsHardwareAccelerated ? WideRowChunk : RowChunk;

    /// <summary>Whether <paramref name="g"/> is a product these kernels compute faster: A·B or A·Bᵀ whose B holds samples of at least 64 features, with C at least 64 rows, on a machine with AVX2 and FMA, and with few nonzero values in (up to) 8 samples of B spread over the batch.</summary>
    /// <remarks>With fewer rows (an output layer's 10) the terms are too short to pay for finding them: measured, the 10 × 128
    /// layer after a ReLU (half its inputs 0) took 1.5 ms here against the dense kernel's 0.8 ms at batch 10,000.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Pays(in GemmArguments g)
    {
        // B's storage holds one sample per column either way: k features by n samples for A·B, n by k for A·Bᵀ.
        int samples = g.TransposeB ? g.K : g.N;
        int features = g.TransposeB ? g.N : g.K;
        if (g.TransposeA || samples < 1 || g.M < RowChunk || features < DepthBlock || !Fma.IsSupported || !Vector256.IsHardwareAccelerated)
        {
            return false;
        }

        int probes = Math.Min(ProbedColumns, samples);
        long nonzero = 0;
        for (int p = 0; p < probes; p++)
        {
            long column = ((2L * p) + 1) * samples / (2 * probes);
            nonzero += CountNonzero(g.B + (column * g.Ldb), features);
        }

        return nonzero * 100 <= (long)MaximumNonzeroPercent * probes * features;
    }

    /// <summary>Computes one part of the product on the calling thread (any range of C's rows or columns).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kernel(in GemmArguments g)
    {
        float* panels = Panels(g);
        int depthBlock = panels is null ? DepthBlock : PanelDepthBlock;
        int depthBlocks = (g.K + depthBlock - 1) / depthBlock;
        int perSample = g.K + 8 + depthBlocks + 1;
        int sampleBlock = Math.Clamp(MaximumListLength / perSample, 1, SampleBlock);
        int length = sampleBlock * perSample;
        int[] buffer = _lists is { } existing && existing.Length >= length ? existing : (_lists = new int[length]);
        fixed (int* lists = buffer)
        {
            for (int s0 = 0; s0 < g.N; s0 += sampleBlock)
            {
                int samples = Math.Min(sampleBlock, g.N - s0);
                for (int t = 0; t < samples; t++)
                {
                    // A sample's list: its nonzero k, then where each depth block starts in it.
                    int* list = lists + (t * perSample);
                    _ = FindNonzero(g.B + ((long)(s0 + t) * g.Ldb), g.K, depthBlock, list, list + g.K + 8);
                    new Span<float>(g.C + ((long)(s0 + t) * g.Ldc), g.M).Clear();
                }

                for (int r0 = 0; r0 < g.M; r0 += RowsPerPass)
                {
                    int rows = Math.Min(RowsPerPass, g.M - r0);
                    float* a = panels is null ? g.A + r0 : panels + ((long)r0 * g.K);
                    int lda = panels is null ? g.Lda : RowsPerPass;
                    for (int block = 0; block < depthBlocks; block++)
                    {
                        for (int t = 0; t < samples; t++)
                        {
                            int* list = lists + (t * perSample);
                            int from = list[g.K + 8 + block], to = list[g.K + 8 + block + 1];
                            if (to > from)
                            {
                                long s = s0 + t;
                                Accumulate(a, lda, rows, list + from, to - from, g.B + (s * g.Ldb), g.C + (s * g.Ldc) + r0);
                            }
                        }
                    }
                }

                if (g.Alpha != 1f)
                {
                    for (int t = 0; t < samples; t++)
                    {
                        var column = new Span<float>(g.C + ((long)(s0 + t) * g.Ldc), g.M);
                        SpanKernels.Multiply(column, g.Alpha, column);
                    }
                }
            }
        }
    }

    /// <summary>Writes x's nonzero k (NaN counts as nonzero) in ascending order to <paramref name="list"/> (which has room for 8 more), and to <paramref name="starts"/> where each block of <paramref name="depthBlock"/> k (a multiple of 8) begins in it, with the total last; returns the total.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FindNonzero(float* x, int depth, int depthBlock, int* list, int* starts)
    {
        // Eight values at a time and branch-free: the indices of the nonzero ones are shuffled to the front by a table
        // and all eight stored, and the count moves on by how many there were.
        int count = 0;
        fixed (int* table = BitPositions.Table)
        {
            for (int k0 = 0, block = 0; k0 < depth; k0 += depthBlock, block++)
            {
                starts[block] = count;
                int end = Math.Min(depth, k0 + depthBlock);
                int k = k0;
                for (; k + 8 <= end; k += 8)
                {
                    uint nonzero = ~Vector256.Equals(Vector256.Load(x + k), Vector256<float>.Zero).ExtractMostSignificantBits() & 0xFF;
                    (Vector256.Load(table + (nonzero * 8)) + Vector256.Create(k)).Store(list + count);
                    count += BitOperations.PopCount(nonzero);
                }

                for (; k < end; k++)
                {
                    list[count] = k;
                    bool isNonzero = x[k] != 0f;
                    count += Unsafe.As<bool, byte>(ref isNonzero);
                }
            }
        }

        starts[(depth + depthBlock - 1) / depthBlock] = count;
        return count;
    }

    /// <summary><c>c[i] = fma(a[i, k], x[k], c[i])</c> for i &lt; <paramref name="rows"/> and each k of <paramref name="terms"/> in turn.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate(float* a, int lda, int rows, int* terms, int count, float* x, float* c)
    {
        int i0 = 0;

        // Only an AVX-512 machine passes WideRowChunk rows (RowsPerPass). The JIT drops a branch whose condition starts with
        // a false IsHardwareAccelerated; without that it would compile this path's Vector512 arithmetic in software form,
        // which took about 19 ms to compile on an AVX2 machine (1.7 ms without it).
        if (Vector512.IsHardwareAccelerated && rows == WideRowChunk)
        {
            Vector512<float> c0 = Vector512.Load(c), c1 = Vector512.Load(c + 16), c2 = Vector512.Load(c + 32), c3 = Vector512.Load(c + 48);
            Vector512<float> c4 = Vector512.Load(c + 64), c5 = Vector512.Load(c + 80), c6 = Vector512.Load(c + 96), c7 = Vector512.Load(c + 112);
            for (int n = 0; n < count; n++)
            {
                long k = terms[n];
                var v = Vector512.Create(x[k]);
                float* column = a + (k * lda);
                c0 = Vector512.FusedMultiplyAdd(Vector512.Load(column), v, c0);
                c1 = Vector512.FusedMultiplyAdd(Vector512.Load(column + 16), v, c1);
                c2 = Vector512.FusedMultiplyAdd(Vector512.Load(column + 32), v, c2);
                c3 = Vector512.FusedMultiplyAdd(Vector512.Load(column + 48), v, c3);
                c4 = Vector512.FusedMultiplyAdd(Vector512.Load(column + 64), v, c4);
                c5 = Vector512.FusedMultiplyAdd(Vector512.Load(column + 80), v, c5);
                c6 = Vector512.FusedMultiplyAdd(Vector512.Load(column + 96), v, c6);
                c7 = Vector512.FusedMultiplyAdd(Vector512.Load(column + 112), v, c7);
            }

            c0.Store(c);
            c1.Store(c + 16);
            c2.Store(c + 32);
            c3.Store(c + 48);
            c4.Store(c + 64);
            c5.Store(c + 80);
            c6.Store(c + 96);
            c7.Store(c + 112);
            return;
        }

        if (rows >= RowChunk)
        {
            Vector256<float> c0 = Vector256.Load(c), c1 = Vector256.Load(c + 8), c2 = Vector256.Load(c + 16), c3 = Vector256.Load(c + 24);
            Vector256<float> c4 = Vector256.Load(c + 32), c5 = Vector256.Load(c + 40), c6 = Vector256.Load(c + 48), c7 = Vector256.Load(c + 56);
            for (int n = 0; n < count; n++)
            {
                long k = terms[n];
                var v = Vector256.Create(x[k]);
                float* column = a + (k * lda);
                c0 = Fma.MultiplyAdd(Vector256.Load(column), v, c0);
                c1 = Fma.MultiplyAdd(Vector256.Load(column + 8), v, c1);
                c2 = Fma.MultiplyAdd(Vector256.Load(column + 16), v, c2);
                c3 = Fma.MultiplyAdd(Vector256.Load(column + 24), v, c3);
                c4 = Fma.MultiplyAdd(Vector256.Load(column + 32), v, c4);
                c5 = Fma.MultiplyAdd(Vector256.Load(column + 40), v, c5);
                c6 = Fma.MultiplyAdd(Vector256.Load(column + 48), v, c6);
                c7 = Fma.MultiplyAdd(Vector256.Load(column + 56), v, c7);
            }

            c0.Store(c);
            c1.Store(c + 8);
            c2.Store(c + 16);
            c3.Store(c + 24);
            c4.Store(c + 32);
            c5.Store(c + 40);
            c6.Store(c + 48);
            c7.Store(c + 56);
            i0 = RowChunk;
        }

        for (; i0 + 8 <= rows; i0 += 8)
        {
            Vector256<float> sum = Vector256.Load(c + i0);
            for (int n = 0; n < count; n++)
            {
                long k = terms[n];
                sum = Fma.MultiplyAdd(Vector256.Load(a + (k * lda) + i0), Vector256.Create(x[k]), sum);
            }

            sum.Store(c + i0);
        }

        for (; i0 < rows; i0++)
        {
            float sum = c[i0];
            for (int n = 0; n < count; n++)
            {
                long k = terms[n];
                sum = MathF.FusedMultiplyAdd(a[(k * lda) + i0], x[k], sum);
            }

            c[i0] = sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long CountNonzero(float* x, int length)
    {
        long count = 0;
        int k = 0;
        for (; k + 8 <= length; k += 8)
        {
            uint nonzero = ~Vector256.Equals(Vector256.Load(x + k), Vector256<float>.Zero).ExtractMostSignificantBits() & 0xFF;
            count += BitOperations.PopCount(nonzero);
        }

        for (; k < length; k++)
        {
            count += x[k] != 0f ? 1 : 0;
        }

        return count;
    }
}
