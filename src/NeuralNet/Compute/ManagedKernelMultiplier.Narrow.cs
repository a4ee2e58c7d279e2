using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralNet.Compute;

internal sealed unsafe partial class ManagedKernelMultiplier
{
    /// <summary>One or two columns of C (single-sample prediction): memory-bound, so op(A) is streamed once without packing.</summary>
    /// <remarks>
    /// <para>The native multiplier sends such products here too: OpenBLAS 0.3.21 took 4× as long for a 128×784 by 784×1
    /// product with its Haswell kernel (and no less with its AVX-512 one), measured on this machine.</para>
    /// <para>For <c>A·x</c> every row of C is two sums, over the even and over the odd k (two chains of fused multiply-adds
    /// halve the wait on each one's latency), added and scaled: <c>C[i] = alpha·(even + odd)</c>. Every path below (64
    /// rows in AVX-512 registers, 32 or 8 in AVX2 ones, single rows) computes exactly that, so neither the vector width
    /// nor where a split between threads falls changes a bit. Pairs of k whose two inputs are zero are skipped, which
    /// changes no bit either (<see cref="NonzeroPairs"/>). (A sample that is mostly zeros does not come here at all:
    /// <see cref="SlicedMatrixMultiplier"/> sends it to <see cref="SparseInputProduct"/>.)</para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Narrow(in GemmArguments g)
    {
        int pairCount = g.K / 2;
        int[]? own = g.Pairs == null ? NonzeroPairs.Buffer(pairCount) : null;
        fixed (int* buffer = own)
        {
            for (int j = 0; j < g.N; j++)
            {
                float* c = g.C + ((long)j * g.Ldc);
                if (g.TransposeA)
                {
                    // C[i, j] = dot(A[:, i], op(B)[:, j]): columns of A are contiguous.
                    for (int i = 0; i < g.M; i++)
                    {
                        var a = new ReadOnlySpan<float>(g.A + ((long)i * g.Lda), g.K);
                        c[i] = g.Alpha * (g.TransposeB ? StridedDot(a, g.B + j, g.Ldb) : TensorPrimitives.Dot(a, new ReadOnlySpan<float>(g.B + ((long)j * g.Ldb), g.K)));
                    }

                    continue;
                }

                float* b = g.TransposeB ? g.B + j : g.B + ((long)j * g.Ldb);
                long bStep = g.TransposeB ? g.Ldb : 1;
                var terms = g.Pairs != null
                    ? new Terms(g.Pairs, g.PairCount, g.K)
                    : new Terms(buffer, NonzeroPairs.Find(b, bStep, pairCount, buffer), g.K);
                int i0 = 0;
                if (Vector512.IsHardwareAccelerated)
                {
                    for (; i0 + 64 <= g.M; i0 += 64)
                    {
                        Rows64(g.A + i0, g.Lda, terms, b, bStep, c + i0, g.Alpha);
                    }
                }

                if (Vector256.IsHardwareAccelerated)
                {
                    for (; i0 + 32 <= g.M; i0 += 32)
                    {
                        Rows32(g.A + i0, g.Lda, terms, b, bStep, c + i0, g.Alpha);
                    }

                    for (; i0 + 8 <= g.M; i0 += 8)
                    {
                        Rows8(g.A + i0, g.Lda, terms, b, bStep, c + i0, g.Alpha);
                    }
                }

                for (; i0 < g.M; i0++)
                {
                    float even = 0f, odd = 0f;
                    float* a = g.A + i0;
                    for (int n = 0; n < terms.Count; n++)
                    {
                        long k = 2L * terms.Pairs[n];
                        even = MulAdd(a[k * g.Lda], b[k * bStep], even);
                        odd = MulAdd(a[(k + 1) * g.Lda], b[(k + 1) * bStep], odd);
                    }

                    if (terms.HasLast)
                    {
                        long k = g.K - 1;
                        even = MulAdd(a[k * g.Lda], b[k * bStep], even);
                    }

                    c[i0] = g.Alpha * (even + odd);
                }
            }
        }
    }

    /// <summary>64 rows of <c>A·x</c> in AVX-512 registers: four vectors of even-k sums and four of odd-k sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows64(float* a, int lda, in Terms terms, float* b, long bStep, float* c, float alpha)
    {
        Vector512<float> e0 = default, e1 = default, e2 = default, e3 = default;
        Vector512<float> o0 = default, o1 = default, o2 = default, o3 = default;
        for (int n = 0; n < terms.Count; n++)
        {
            long k = 2L * terms.Pairs[n];
            var x = Vector512.Create(b[k * bStep]);
            var y = Vector512.Create(b[(k + 1) * bStep]);
            float* column = a + (k * lda);
            float* next = column + lda;
            e0 = Vector512.FusedMultiplyAdd(Vector512.Load(column), x, e0);
            e1 = Vector512.FusedMultiplyAdd(Vector512.Load(column + 16), x, e1);
            e2 = Vector512.FusedMultiplyAdd(Vector512.Load(column + 32), x, e2);
            e3 = Vector512.FusedMultiplyAdd(Vector512.Load(column + 48), x, e3);
            o0 = Vector512.FusedMultiplyAdd(Vector512.Load(next), y, o0);
            o1 = Vector512.FusedMultiplyAdd(Vector512.Load(next + 16), y, o1);
            o2 = Vector512.FusedMultiplyAdd(Vector512.Load(next + 32), y, o2);
            o3 = Vector512.FusedMultiplyAdd(Vector512.Load(next + 48), y, o3);
        }

        if (terms.HasLast)
        {
            long k = terms.Last;
            var x = Vector512.Create(b[k * bStep]);
            a += k * lda;
            e0 = Vector512.FusedMultiplyAdd(Vector512.Load(a), x, e0);
            e1 = Vector512.FusedMultiplyAdd(Vector512.Load(a + 16), x, e1);
            e2 = Vector512.FusedMultiplyAdd(Vector512.Load(a + 32), x, e2);
            e3 = Vector512.FusedMultiplyAdd(Vector512.Load(a + 48), x, e3);
        }

        var s = Vector512.Create(alpha);
        ((e0 + o0) * s).Store(c);
        ((e1 + o1) * s).Store(c + 16);
        ((e2 + o2) * s).Store(c + 32);
        ((e3 + o3) * s).Store(c + 48);
    }

    /// <summary>32 rows of <c>A·x</c> in AVX2 registers, as <see cref="Rows64"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows32(float* a, int lda, in Terms terms, float* b, long bStep, float* c, float alpha)
    {
        Vector256<float> e0 = default, e1 = default, e2 = default, e3 = default;
        Vector256<float> o0 = default, o1 = default, o2 = default, o3 = default;
        for (int n = 0; n < terms.Count; n++)
        {
            long k = 2L * terms.Pairs[n];
            var x = Vector256.Create(b[k * bStep]);
            var y = Vector256.Create(b[(k + 1) * bStep]);
            float* column = a + (k * lda);
            float* next = column + lda;
            e0 = Vector256.FusedMultiplyAdd(Vector256.Load(column), x, e0);
            e1 = Vector256.FusedMultiplyAdd(Vector256.Load(column + 8), x, e1);
            e2 = Vector256.FusedMultiplyAdd(Vector256.Load(column + 16), x, e2);
            e3 = Vector256.FusedMultiplyAdd(Vector256.Load(column + 24), x, e3);
            o0 = Vector256.FusedMultiplyAdd(Vector256.Load(next), y, o0);
            o1 = Vector256.FusedMultiplyAdd(Vector256.Load(next + 8), y, o1);
            o2 = Vector256.FusedMultiplyAdd(Vector256.Load(next + 16), y, o2);
            o3 = Vector256.FusedMultiplyAdd(Vector256.Load(next + 24), y, o3);
        }

        if (terms.HasLast)
        {
            long k = terms.Last;
            var x = Vector256.Create(b[k * bStep]);
            a += k * lda;
            e0 = Vector256.FusedMultiplyAdd(Vector256.Load(a), x, e0);
            e1 = Vector256.FusedMultiplyAdd(Vector256.Load(a + 8), x, e1);
            e2 = Vector256.FusedMultiplyAdd(Vector256.Load(a + 16), x, e2);
            e3 = Vector256.FusedMultiplyAdd(Vector256.Load(a + 24), x, e3);
        }

        var s = Vector256.Create(alpha);
        ((e0 + o0) * s).Store(c);
        ((e1 + o1) * s).Store(c + 8);
        ((e2 + o2) * s).Store(c + 16);
        ((e3 + o3) * s).Store(c + 24);
    }

    /// <summary>8 rows of <c>A·x</c> in one pair of AVX2 registers, as <see cref="Rows64"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows8(float* a, int lda, in Terms terms, float* b, long bStep, float* c, float alpha)
    {
        Vector256<float> even = default, odd = default;
        for (int n = 0; n < terms.Count; n++)
        {
            long k = 2L * terms.Pairs[n];
            float* column = a + (k * lda);
            even = Vector256.FusedMultiplyAdd(Vector256.Load(column), Vector256.Create(b[k * bStep]), even);
            odd = Vector256.FusedMultiplyAdd(Vector256.Load(column + lda), Vector256.Create(b[(k + 1) * bStep]), odd);
        }

        if (terms.HasLast)
        {
            long k = terms.Last;
            even = Vector256.FusedMultiplyAdd(Vector256.Load(a + (k * lda)), Vector256.Create(b[k * bStep]), even);
        }

        ((even + odd) * Vector256.Create(alpha)).Store(c);
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

        /// <summary>Whether the depth is odd, so that <see cref="Last"/> is a term of the even chain.</summary>
        public readonly bool HasLast = (depth & 1) != 0;
    }
}
