using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralNet.Compute;

// The register tiles: each keeps its block of C in vector registers over the whole depth of a panel, then stores it once.
// Written out rather than generic: the JIT keeps every accumulator in a register only when each is its own local.
internal sealed unsafe partial class ManagedKernelMultiplier
{
    /// <summary>AVX-512: 32 rows (two vectors) × 8 columns, 16 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block32x8(float* a, int kc, float* b, long bDepth, long bColumn, int nr, float* c, long ldc, float alpha, bool overwrite)
    {
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default, c04 = default, c05 = default, c06 = default, c07 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default, c16 = default, c17 = default;
        float* b0 = b, b1 = b + bColumn, b2 = b + (2 * bColumn), b3 = b + (3 * bColumn);
        float* b4 = b + (4 * bColumn), b5 = b + (5 * bColumn), b6 = b + (6 * bColumn), b7 = b + (7 * bColumn);
        long o = 0;
        for (int k = 0; k < kc; k++, a += 32, o += bDepth)
        {
            Vector512<float> a0 = Vector512.LoadAligned(a);
            Vector512<float> a1 = Vector512.LoadAligned(a + 16);
            Vector512<float> x0 = Vector512.Create(b0[o]);
            c00 = Vector512.FusedMultiplyAdd(a0, x0, c00);
            c10 = Vector512.FusedMultiplyAdd(a1, x0, c10);
            Vector512<float> x1 = Vector512.Create(b1[o]);
            c01 = Vector512.FusedMultiplyAdd(a0, x1, c01);
            c11 = Vector512.FusedMultiplyAdd(a1, x1, c11);
            Vector512<float> x2 = Vector512.Create(b2[o]);
            c02 = Vector512.FusedMultiplyAdd(a0, x2, c02);
            c12 = Vector512.FusedMultiplyAdd(a1, x2, c12);
            Vector512<float> x3 = Vector512.Create(b3[o]);
            c03 = Vector512.FusedMultiplyAdd(a0, x3, c03);
            c13 = Vector512.FusedMultiplyAdd(a1, x3, c13);
            Vector512<float> x4 = Vector512.Create(b4[o]);
            c04 = Vector512.FusedMultiplyAdd(a0, x4, c04);
            c14 = Vector512.FusedMultiplyAdd(a1, x4, c14);
            Vector512<float> x5 = Vector512.Create(b5[o]);
            c05 = Vector512.FusedMultiplyAdd(a0, x5, c05);
            c15 = Vector512.FusedMultiplyAdd(a1, x5, c15);
            Vector512<float> x6 = Vector512.Create(b6[o]);
            c06 = Vector512.FusedMultiplyAdd(a0, x6, c06);
            c16 = Vector512.FusedMultiplyAdd(a1, x6, c16);
            Vector512<float> x7 = Vector512.Create(b7[o]);
            c07 = Vector512.FusedMultiplyAdd(a0, x7, c07);
            c17 = Vector512.FusedMultiplyAdd(a1, x7, c17);
        }

        var scale = Vector512.Create(alpha);
        Put(c, c00, c10, scale, overwrite);
        Put(c + ldc, c01, c11, scale, overwrite);
        Put(c + (2 * ldc), c02, c12, scale, overwrite);
        Put(c + (3 * ldc), c03, c13, scale, overwrite);
        Put(c + (4 * ldc), c04, c14, scale, overwrite);
        Put(c + (5 * ldc), c05, c15, scale, overwrite);
        Put(c + (6 * ldc), c06, c16, scale, overwrite);
        Put(c + (7 * ldc), c07, c17, scale, overwrite);
    }

    /// <summary>AVX-512: 32 rows × the last 1–4 columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block32x4(float* a, int kc, float* b, long bDepth, long bColumn, int nr, float* c, long ldc, float alpha, bool overwrite)
    {
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;

        // Columns past nr read column 0 again; their sums are not stored.
        float* b0 = b, b1 = b + (nr > 1 ? 1 * bColumn : 0), b2 = b + (nr > 2 ? 2 * bColumn : 0), b3 = b + (nr > 3 ? 3 * bColumn : 0);
        long o = 0;
        for (int k = 0; k < kc; k++, a += 32, o += bDepth)
        {
            Vector512<float> a0 = Vector512.LoadAligned(a);
            Vector512<float> a1 = Vector512.LoadAligned(a + 16);
            Vector512<float> x0 = Vector512.Create(b0[o]);
            c00 = Vector512.FusedMultiplyAdd(a0, x0, c00);
            c10 = Vector512.FusedMultiplyAdd(a1, x0, c10);
            Vector512<float> x1 = Vector512.Create(b1[o]);
            c01 = Vector512.FusedMultiplyAdd(a0, x1, c01);
            c11 = Vector512.FusedMultiplyAdd(a1, x1, c11);
            Vector512<float> x2 = Vector512.Create(b2[o]);
            c02 = Vector512.FusedMultiplyAdd(a0, x2, c02);
            c12 = Vector512.FusedMultiplyAdd(a1, x2, c12);
            Vector512<float> x3 = Vector512.Create(b3[o]);
            c03 = Vector512.FusedMultiplyAdd(a0, x3, c03);
            c13 = Vector512.FusedMultiplyAdd(a1, x3, c13);
        }

        var scale = Vector512.Create(alpha);
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

    /// <summary>AVX-512: 16 rows (one vector) × 8 columns, for products of at most 16 rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block16x8(float* a, int kc, float* b, long bDepth, long bColumn, int nr, float* c, long ldc, float alpha, bool overwrite)
    {
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default, c04 = default, c05 = default, c06 = default, c07 = default;
        float* b0 = b, b1 = b + bColumn, b2 = b + (2 * bColumn), b3 = b + (3 * bColumn);
        float* b4 = b + (4 * bColumn), b5 = b + (5 * bColumn), b6 = b + (6 * bColumn), b7 = b + (7 * bColumn);
        long o = 0;
        for (int k = 0; k < kc; k++, a += 16, o += bDepth)
        {
            Vector512<float> a0 = Vector512.LoadAligned(a);
            c00 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b0[o]), c00);
            c01 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b1[o]), c01);
            c02 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b2[o]), c02);
            c03 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b3[o]), c03);
            c04 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b4[o]), c04);
            c05 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b5[o]), c05);
            c06 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b6[o]), c06);
            c07 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b7[o]), c07);
        }

        var scale = Vector512.Create(alpha);
        PutOne(c, c00, scale, overwrite);
        PutOne(c + ldc, c01, scale, overwrite);
        PutOne(c + (2 * ldc), c02, scale, overwrite);
        PutOne(c + (3 * ldc), c03, scale, overwrite);
        PutOne(c + (4 * ldc), c04, scale, overwrite);
        PutOne(c + (5 * ldc), c05, scale, overwrite);
        PutOne(c + (6 * ldc), c06, scale, overwrite);
        PutOne(c + (7 * ldc), c07, scale, overwrite);
    }

    /// <summary>AVX-512: 16 rows × the last 1–4 columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block16x4(float* a, int kc, float* b, long bDepth, long bColumn, int nr, float* c, long ldc, float alpha, bool overwrite)
    {
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;

        // Columns past nr read column 0 again; their sums are not stored.
        float* b0 = b, b1 = b + (nr > 1 ? 1 * bColumn : 0), b2 = b + (nr > 2 ? 2 * bColumn : 0), b3 = b + (nr > 3 ? 3 * bColumn : 0);
        long o = 0;
        for (int k = 0; k < kc; k++, a += 16, o += bDepth)
        {
            Vector512<float> a0 = Vector512.LoadAligned(a);
            c00 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b0[o]), c00);
            c01 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b1[o]), c01);
            c02 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b2[o]), c02);
            c03 = Vector512.FusedMultiplyAdd(a0, Vector512.Create(b3[o]), c03);
        }

        var scale = Vector512.Create(alpha);
        PutOne(c, c00, scale, overwrite);
        if (nr > 1)
        {
            PutOne(c + ldc, c01, scale, overwrite);
        }

        if (nr > 2)
        {
            PutOne(c + (2 * ldc), c02, scale, overwrite);
        }

        if (nr > 3)
        {
            PutOne(c + (3 * ldc), c03, scale, overwrite);
        }
    }

    /// <summary>Stores one column of a tile: <c>C = alpha·sum</c> for the first depth block, else <c>fma(sum, alpha, C)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(float* c, Vector512<float> top, Vector512<float> bottom, Vector512<float> alpha, bool overwrite)
    {
        if (overwrite)
        {
            (top * alpha).Store(c);
            (bottom * alpha).Store(c + 16);
        }
        else
        {
            Vector512.FusedMultiplyAdd(top, alpha, Vector512.Load(c)).Store(c);
            Vector512.FusedMultiplyAdd(bottom, alpha, Vector512.Load(c + 16)).Store(c + 16);
        }
    }

    /// <summary>Stores one 16-row column of a tile, as <see cref="Put(float*, Vector512{float}, Vector512{float}, Vector512{float}, bool)"/> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PutOne(float* c, Vector512<float> sum, Vector512<float> alpha, bool overwrite) =>
        (overwrite ? sum * alpha : Vector512.FusedMultiplyAdd(sum, alpha, Vector512.Load(c))).Store(c);
}
