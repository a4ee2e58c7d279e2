using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralNet.Compute;

// The AVX2 and 128-bit register tiles (see ManagedKernelMultiplier.Avx512.cs): each keeps its block of C in vector registers over the whole depth of a panel, then stores it once.
internal sealed unsafe partial class ManagedKernelMultiplier
{
    /// <summary>AVX2: 16 rows (two vectors) × 6 columns, 12 of the 16 registers as accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block16x6Avx2(float* a, int kc, float* b, long bDepth, long bColumn, int nr, float* c, long ldc, float alpha, bool overwrite)
    {
        Vector256<float> c00 = default, c01 = default, c02 = default, c03 = default, c04 = default, c05 = default;
        Vector256<float> c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
        float* b0 = b, b1 = b + bColumn, b2 = b + (2 * bColumn), b3 = b + (3 * bColumn);
        float* b4 = b + (4 * bColumn), b5 = b + (5 * bColumn);
        long o = 0;
        for (int k = 0; k < kc; k++, a += 16, o += bDepth)
        {
            Vector256<float> a0 = Vector256.LoadAligned(a);
            Vector256<float> a1 = Vector256.LoadAligned(a + 8);
            Vector256<float> x0 = Vector256.Create(b0[o]);
            c00 = Vector256.FusedMultiplyAdd(a0, x0, c00);
            c10 = Vector256.FusedMultiplyAdd(a1, x0, c10);
            Vector256<float> x1 = Vector256.Create(b1[o]);
            c01 = Vector256.FusedMultiplyAdd(a0, x1, c01);
            c11 = Vector256.FusedMultiplyAdd(a1, x1, c11);
            Vector256<float> x2 = Vector256.Create(b2[o]);
            c02 = Vector256.FusedMultiplyAdd(a0, x2, c02);
            c12 = Vector256.FusedMultiplyAdd(a1, x2, c12);
            Vector256<float> x3 = Vector256.Create(b3[o]);
            c03 = Vector256.FusedMultiplyAdd(a0, x3, c03);
            c13 = Vector256.FusedMultiplyAdd(a1, x3, c13);
            Vector256<float> x4 = Vector256.Create(b4[o]);
            c04 = Vector256.FusedMultiplyAdd(a0, x4, c04);
            c14 = Vector256.FusedMultiplyAdd(a1, x4, c14);
            Vector256<float> x5 = Vector256.Create(b5[o]);
            c05 = Vector256.FusedMultiplyAdd(a0, x5, c05);
            c15 = Vector256.FusedMultiplyAdd(a1, x5, c15);
        }

        var scale = Vector256.Create(alpha);
        Put(c, c00, c10, scale, overwrite);
        Put(c + ldc, c01, c11, scale, overwrite);
        Put(c + (2 * ldc), c02, c12, scale, overwrite);
        Put(c + (3 * ldc), c03, c13, scale, overwrite);
        Put(c + (4 * ldc), c04, c14, scale, overwrite);
        Put(c + (5 * ldc), c05, c15, scale, overwrite);
    }

    /// <summary>AVX2: 16 rows × the last 1–4 columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block16x4Avx2(float* a, int kc, float* b, long bDepth, long bColumn, int nr, float* c, long ldc, float alpha, bool overwrite)
    {
        Vector256<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector256<float> c10 = default, c11 = default, c12 = default, c13 = default;

        // Columns past nr read column 0 again; their sums are not stored.
        float* b0 = b, b1 = b + (nr > 1 ? 1 * bColumn : 0), b2 = b + (nr > 2 ? 2 * bColumn : 0), b3 = b + (nr > 3 ? 3 * bColumn : 0);
        long o = 0;
        for (int k = 0; k < kc; k++, a += 16, o += bDepth)
        {
            Vector256<float> a0 = Vector256.LoadAligned(a);
            Vector256<float> a1 = Vector256.LoadAligned(a + 8);
            Vector256<float> x0 = Vector256.Create(b0[o]);
            c00 = Vector256.FusedMultiplyAdd(a0, x0, c00);
            c10 = Vector256.FusedMultiplyAdd(a1, x0, c10);
            Vector256<float> x1 = Vector256.Create(b1[o]);
            c01 = Vector256.FusedMultiplyAdd(a0, x1, c01);
            c11 = Vector256.FusedMultiplyAdd(a1, x1, c11);
            Vector256<float> x2 = Vector256.Create(b2[o]);
            c02 = Vector256.FusedMultiplyAdd(a0, x2, c02);
            c12 = Vector256.FusedMultiplyAdd(a1, x2, c12);
            Vector256<float> x3 = Vector256.Create(b3[o]);
            c03 = Vector256.FusedMultiplyAdd(a0, x3, c03);
            c13 = Vector256.FusedMultiplyAdd(a1, x3, c13);
        }

        var scale = Vector256.Create(alpha);
        Put(c, c00, c10, scale, overwrite);
        if (nr > 1)
        {
            Put(c + ldc, c01, c11, scale, overwrite);
        }

        if (nr > 2)
        {
            Put(c + (2 * ldc), c02, c12, scale, overwrite);
        }

        if (nr > 3)
        {
            Put(c + (3 * ldc), c03, c13, scale, overwrite);
        }
    }

    /// <summary>Without AVX2 (Arm64, older x64): 8 rows (two 128-bit vectors) × 1–4 columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block8x4(float* a, int kc, float* b, long bDepth, long bColumn, int nr, float* c, long ldc, float alpha, bool overwrite)
    {
        Vector128<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector128<float> c10 = default, c11 = default, c12 = default, c13 = default;

        // Columns past nr read column 0 again; their sums are not stored.
        float* b0 = b, b1 = b + (nr > 1 ? 1 * bColumn : 0), b2 = b + (nr > 2 ? 2 * bColumn : 0), b3 = b + (nr > 3 ? 3 * bColumn : 0);
        long o = 0;
        for (int k = 0; k < kc; k++, a += 8, o += bDepth)
        {
            Vector128<float> a0 = Vector128.LoadAligned(a);
            Vector128<float> a1 = Vector128.LoadAligned(a + 4);
            Vector128<float> x0 = Vector128.Create(b0[o]);
            c00 = MulAdd(a0, x0, c00);
            c10 = MulAdd(a1, x0, c10);
            Vector128<float> x1 = Vector128.Create(b1[o]);
            c01 = MulAdd(a0, x1, c01);
            c11 = MulAdd(a1, x1, c11);
            Vector128<float> x2 = Vector128.Create(b2[o]);
            c02 = MulAdd(a0, x2, c02);
            c12 = MulAdd(a1, x2, c12);
            Vector128<float> x3 = Vector128.Create(b3[o]);
            c03 = MulAdd(a0, x3, c03);
            c13 = MulAdd(a1, x3, c13);
        }

        var scale = Vector128.Create(alpha);
        Put(c, c00, c10, scale, overwrite);
        if (nr > 1)
        {
            Put(c + ldc, c01, c11, scale, overwrite);
        }

        if (nr > 2)
        {
            Put(c + (2 * ldc), c02, c12, scale, overwrite);
        }

        if (nr > 3)
        {
            Put(c + (3 * ldc), c03, c13, scale, overwrite);
        }
    }

    /// <summary>Stores one 16-row column of an AVX2 tile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(float* c, Vector256<float> top, Vector256<float> bottom, Vector256<float> alpha, bool overwrite)
    {
        if (overwrite)
        {
            (top * alpha).Store(c);
            (bottom * alpha).Store(c + 8);
        }
        else
        {
            Vector256.FusedMultiplyAdd(top, alpha, Vector256.Load(c)).Store(c);
            Vector256.FusedMultiplyAdd(bottom, alpha, Vector256.Load(c + 8)).Store(c + 8);
        }
    }

    /// <summary>Stores one 8-row column of a 128-bit tile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(float* c, Vector128<float> top, Vector128<float> bottom, Vector128<float> alpha, bool overwrite)
    {
        if (overwrite)
        {
            (top * alpha).Store(c);
            (bottom * alpha).Store(c + 4);
        }
        else
        {
            MulAdd(top, alpha, Vector128.Load(c)).Store(c);
            MulAdd(bottom, alpha, Vector128.Load(c + 4)).Store(c + 4);
        }
    }
}
