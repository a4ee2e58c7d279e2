using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralNet.Compute;

internal static unsafe partial class SparseInputProduct
{
    /// <summary>Computes one part of <c>C = alpha·A·Bᵀ</c> with B mostly zeros: the first layer's weight gradient <c>dW = (1/m)·dZ·Xᵀ</c>, where B is the batch's inputs.</summary>
    /// <remarks>
    /// <para>B is stored n × k (a column of its storage is a sample, contiguous), so each sample's nonzero features are
    /// found as for the forward product, and each adds its gradient column to the columns of C at those features:
    /// <c>C[:, j] += A[:, s]·B[j, s]</c>, with A's column held in registers. C's columns are read and written in the L2
    /// cache (the 128 × 784 gradient is 401 KB); a fifth of them per sample on MNIST, against the dense kernel's every one.</para>
    /// <para>Every element of C is one chain of fused multiply-adds over the samples s in ascending order whose B[j, s]
    /// is not zero, from +0, scaled by alpha at the end: bits that depend only on the values. Parts split C's rows.</para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GradientKernel(in GemmArguments g)
    {
        int length = g.N + 8 + ((g.N + DepthBlock - 1) / DepthBlock) + 1;
        int[] buffer = _lists is { } existing && existing.Length >= length ? existing : (_lists = new int[length]);
        for (int j = 0; j < g.N; j++)
        {
            new Span<float>(g.C + ((long)j * g.Ldc), g.M).Clear();
        }

        fixed (int* list = buffer)
        {
            int chunk = Vector512.IsHardwareAccelerated ? WideRowChunk : RowChunk;
            for (int s = 0; s < g.K; s++)
            {
                float* x = g.B + ((long)s * g.Ldb);
                FindNonzero(x, g.N, list, list + g.N + 8);
                int count = list[g.N + 8 + ((g.N + DepthBlock - 1) / DepthBlock)];
                float* a = g.A + ((long)s * g.Lda);
                for (int r0 = 0; r0 < g.M; r0 += chunk)
                {
                    Scatter(a + r0, Math.Min(chunk, g.M - r0), list, count, x, g.C + r0, g.Ldc);
                }
            }
        }

        if (g.Alpha != 1f)
        {
            for (int j = 0; j < g.N; j++)
            {
                var column = new Span<float>(g.C + ((long)j * g.Ldc), g.M);
                SpanKernels.Multiply(column, g.Alpha, column);
            }
        }
    }

    /// <summary><c>c[i, j] = fma(a[i], x[j], c[i, j])</c> for i &lt; <paramref name="rows"/> and each j of <paramref name="terms"/>; C's columns are <paramref name="ldc"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scatter(float* a, int rows, int* terms, int count, float* x, float* c, int ldc)
    {
        int i0 = 0;
        if (rows == WideRowChunk)
        {
            Vector512<float> a0 = Vector512.Load(a), a1 = Vector512.Load(a + 16), a2 = Vector512.Load(a + 32), a3 = Vector512.Load(a + 48);
            Vector512<float> a4 = Vector512.Load(a + 64), a5 = Vector512.Load(a + 80), a6 = Vector512.Load(a + 96), a7 = Vector512.Load(a + 112);
            for (int n = 0; n < count; n++)
            {
                long j = terms[n];
                var v = Vector512.Create(x[j]);
                float* column = c + (j * ldc);
                Vector512.FusedMultiplyAdd(a0, v, Vector512.Load(column)).Store(column);
                Vector512.FusedMultiplyAdd(a1, v, Vector512.Load(column + 16)).Store(column + 16);
                Vector512.FusedMultiplyAdd(a2, v, Vector512.Load(column + 32)).Store(column + 32);
                Vector512.FusedMultiplyAdd(a3, v, Vector512.Load(column + 48)).Store(column + 48);
                Vector512.FusedMultiplyAdd(a4, v, Vector512.Load(column + 64)).Store(column + 64);
                Vector512.FusedMultiplyAdd(a5, v, Vector512.Load(column + 80)).Store(column + 80);
                Vector512.FusedMultiplyAdd(a6, v, Vector512.Load(column + 96)).Store(column + 96);
                Vector512.FusedMultiplyAdd(a7, v, Vector512.Load(column + 112)).Store(column + 112);
            }

            return;
        }

        if (rows >= RowChunk)
        {
            Vector256<float> a0 = Vector256.Load(a), a1 = Vector256.Load(a + 8), a2 = Vector256.Load(a + 16), a3 = Vector256.Load(a + 24);
            Vector256<float> a4 = Vector256.Load(a + 32), a5 = Vector256.Load(a + 40), a6 = Vector256.Load(a + 48), a7 = Vector256.Load(a + 56);
            for (int n = 0; n < count; n++)
            {
                long j = terms[n];
                var v = Vector256.Create(x[j]);
                float* column = c + (j * ldc);
                Fma.MultiplyAdd(a0, v, Vector256.Load(column)).Store(column);
                Fma.MultiplyAdd(a1, v, Vector256.Load(column + 8)).Store(column + 8);
                Fma.MultiplyAdd(a2, v, Vector256.Load(column + 16)).Store(column + 16);
                Fma.MultiplyAdd(a3, v, Vector256.Load(column + 24)).Store(column + 24);
                Fma.MultiplyAdd(a4, v, Vector256.Load(column + 32)).Store(column + 32);
                Fma.MultiplyAdd(a5, v, Vector256.Load(column + 40)).Store(column + 40);
                Fma.MultiplyAdd(a6, v, Vector256.Load(column + 48)).Store(column + 48);
                Fma.MultiplyAdd(a7, v, Vector256.Load(column + 56)).Store(column + 56);
            }

            i0 = RowChunk;
        }

        for (; i0 + 8 <= rows; i0 += 8)
        {
            Vector256<float> ai = Vector256.Load(a + i0);
            for (int n = 0; n < count; n++)
            {
                long j = terms[n];
                float* target = c + (j * ldc) + i0;
                Fma.MultiplyAdd(ai, Vector256.Create(x[j]), Vector256.Load(target)).Store(target);
            }
        }

        for (; i0 < rows; i0++)
        {
            for (int n = 0; n < count; n++)
            {
                long j = terms[n];
                ref float target = ref c[(j * ldc) + i0];
                target = MathF.FusedMultiplyAdd(a[i0], x[j], target);
            }
        }
    }
}
