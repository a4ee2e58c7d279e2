using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralNet.Compute;

/// <summary>The managed fallback: a register-blocked SIMD matrix product (AVX-512 or AVX2 where the CPU has them) that allocates nothing.</summary>
/// <remarks>
/// <para>MathNet 5's managed provider multiplies float32 at a few GFLOPS and allocates scratch on every call; this kernel
/// computes C in blocks of 2 vectors × 6 columns held in registers, over a K-block of op(A) packed (zero-padded) into a
/// per-thread buffer that fits the L1 cache, and B read in place. Products with one or two columns (single-sample
/// prediction) skip the packing: they are memory-bound, so they stream A once with <see cref="TensorPrimitives"/>.</para>
/// <para>Where neither AVX-512 nor AVX2 is accelerated, the same blocking runs on <see cref="Vector128{T}"/>.</para>
/// </remarks>
internal sealed unsafe class ManagedKernelMultiplier : SlicedMatrixMultiplier
{
    private const int ColumnsPerBlock = 6;
    private const int TargetDepth = 256;
    private const int ColumnBlock = 384;

    [ThreadStatic]
    private static float[]? _packed;

    /// <summary>Creates the multiplier with up to <paramref name="threads"/> threads per product.</summary>
    public ManagedKernelMultiplier(int threads)
        : base(threads, &Kernel, IntPtr.Zero)
    {
    }

    /// <inheritdoc />
    public override string Name => "managed";

    /// <summary>The SIMD width in use, for diagnostics: 512, 256 or 128 bits.</summary>
    public static int VectorBits =>
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128;

    // Not AggressiveOptimization here (it is on the blocks): measured, that made the whole product about 2× slower.
    private static void Kernel(in GemmArguments g)
    {
        if (g.N <= 2)
        {
            Narrow(g);
            return;
        }

        int rowsPerPanel = 2 * VectorBits / 32;
        int depthBlocks = (g.K + TargetDepth - 1) / TargetDepth;
        int depth = (g.K + depthBlocks - 1) / depthBlocks;
        int panelLength = rowsPerPanel * depth;
        float[] buffer = _packed is { } existing && existing.Length >= panelLength + 64 ? existing : (_packed = new float[panelLength + 64]);

        fixed (float* unaligned = buffer)
        {
            // Align the panel to 64 bytes so every vector load of it stays inside one cache line.
            float* panel = (float*)(((nint)unaligned + 63) & ~(nint)63);

            // Columns of C in blocks whose slice of B (depth × ColumnBlock) stays in the L2 cache while every row panel
            // of A passes over it: without this a 10,000-column product streamed all of B from memory once per panel.
            for (int jBlock = 0; jBlock < g.N; jBlock += ColumnBlock)
            {
                int jEnd = Math.Min(g.N, jBlock + ColumnBlock);
                for (int k0 = 0; k0 < g.K; k0 += depth)
                {
                    int kc = Math.Min(depth, g.K - k0);
                    bool first = k0 == 0;
                    for (int i0 = 0; i0 < g.M; i0 += rowsPerPanel)
                    {
                        int mr = Math.Min(rowsPerPanel, g.M - i0);
                        Pack(g, i0, mr, k0, kc, rowsPerPanel, panel);
                        for (int j0 = jBlock; j0 < jEnd; j0 += ColumnsPerBlock)
                        {
                            int nr = Math.Min(ColumnsPerBlock, jEnd - j0);
                            float* b = g.TransposeB ? g.B + j0 + ((long)k0 * g.Ldb) : g.B + k0 + ((long)j0 * g.Ldb);
                            long bColumn = g.TransposeB ? 1 : g.Ldb;
                            long bDepth = g.TransposeB ? g.Ldb : 1;
                            float* c = g.C + i0 + ((long)j0 * g.Ldc);
                            if (Vector512.IsHardwareAccelerated)
                            {
                                Block512(panel, kc, b, bColumn, bDepth, c, g.Ldc, mr, nr, g.Alpha, first);
                            }
                            else if (Vector256.IsHardwareAccelerated)
                            {
                                Block256(panel, kc, b, bColumn, bDepth, c, g.Ldc, mr, nr, g.Alpha, first);
                            }
                            else
                            {
                                Block128(panel, kc, b, bColumn, bDepth, c, g.Ldc, mr, nr, g.Alpha, first);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Copies op(A)[i0..i0+mr, k0..k0+kc] into <paramref name="panel"/>, k-major with <paramref name="stride"/> rows per k, zero-padded.</summary>
    private static void Pack(in GemmArguments g, int i0, int mr, int k0, int kc, int stride, float* panel)
    {
        if (!g.TransposeA)
        {
            for (int k = 0; k < kc; k++)
            {
                var source = new ReadOnlySpan<float>(g.A + i0 + ((long)(k0 + k) * g.Lda), mr);
                var target = new Span<float>(panel + ((long)k * stride), stride);
                source.CopyTo(target);
                target[mr..].Clear();
            }

            return;
        }

        // op(A)[i, k] = A[k, i]: row i of op(A) is column i of A, contiguous over k.
        for (int r = 0; r < stride; r++)
        {
            float* target = panel + r;
            if (r < mr)
            {
                float* source = g.A + k0 + ((long)(i0 + r) * g.Lda);
                for (int k = 0; k < kc; k++)
                {
                    target[(long)k * stride] = source[k];
                }
            }
            else
            {
                for (int k = 0; k < kc; k++)
                {
                    target[(long)k * stride] = 0f;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block512(float* panel, int kc, float* b, long bColumn, long bDepth, float* c, int ldc, int mr, int nr, float alpha, bool first)
    {
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default, c04 = default, c05 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
        if (nr == ColumnsPerBlock)
        {
            float* b0 = b, b1 = b + bColumn, b2 = b + (2 * bColumn), b3 = b + (3 * bColumn), b4 = b + (4 * bColumn), b5 = b + (5 * bColumn);
            float* a = panel;
            for (int k = 0; k < kc; k++, a += 32)
            {
                long o = k * bDepth;
                Vector512<float> a0 = Vector512.LoadAligned(a);
                Vector512<float> a1 = Vector512.LoadAligned(a + 16);
                Vector512<float> x = Vector512.Create(b0[o]);
                c00 = Vector512.FusedMultiplyAdd(a0, x, c00);
                c10 = Vector512.FusedMultiplyAdd(a1, x, c10);
                x = Vector512.Create(b1[o]);
                c01 = Vector512.FusedMultiplyAdd(a0, x, c01);
                c11 = Vector512.FusedMultiplyAdd(a1, x, c11);
                x = Vector512.Create(b2[o]);
                c02 = Vector512.FusedMultiplyAdd(a0, x, c02);
                c12 = Vector512.FusedMultiplyAdd(a1, x, c12);
                x = Vector512.Create(b3[o]);
                c03 = Vector512.FusedMultiplyAdd(a0, x, c03);
                c13 = Vector512.FusedMultiplyAdd(a1, x, c13);
                x = Vector512.Create(b4[o]);
                c04 = Vector512.FusedMultiplyAdd(a0, x, c04);
                c14 = Vector512.FusedMultiplyAdd(a1, x, c14);
                x = Vector512.Create(b5[o]);
                c05 = Vector512.FusedMultiplyAdd(a0, x, c05);
                c15 = Vector512.FusedMultiplyAdd(a1, x, c15);
            }

            Store512(c, 0 * (long)ldc, c00, c10, mr, alpha, first);
            Store512(c, 1 * (long)ldc, c01, c11, mr, alpha, first);
            Store512(c, 2 * (long)ldc, c02, c12, mr, alpha, first);
            Store512(c, 3 * (long)ldc, c03, c13, mr, alpha, first);
            Store512(c, 4 * (long)ldc, c04, c14, mr, alpha, first);
            Store512(c, 5 * (long)ldc, c05, c15, mr, alpha, first);
            return;
        }

        // The last, narrower block of columns: one column at a time.
        for (int j = 0; j < nr; j++)
        {
            float* bj = b + (j * bColumn);
            Vector512<float> s0 = default, s1 = default;
            float* a = panel;
            for (int k = 0; k < kc; k++, a += 32)
            {
                var x = Vector512.Create(bj[k * bDepth]);
                s0 = Vector512.FusedMultiplyAdd(Vector512.LoadAligned(a), x, s0);
                s1 = Vector512.FusedMultiplyAdd(Vector512.LoadAligned(a + 16), x, s1);
            }

            Store512(c, j * (long)ldc, s0, s1, mr, alpha, first);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(float* c, long offset, Vector512<float> top, Vector512<float> bottom, int rows, float alpha, bool first)
    {
        float* column = c + offset;
        var scale = Vector512.Create(alpha);
        if (rows == 32)
        {
            top *= scale;
            bottom *= scale;
            if (!first)
            {
                top += Vector512.Load(column);
                bottom += Vector512.Load(column + 16);
            }

            top.Store(column);
            bottom.Store(column + 16);
            return;
        }

        StoreRows(column, (float*)&top, (float*)&bottom, 16, rows, alpha, first);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block256(float* panel, int kc, float* b, long bColumn, long bDepth, float* c, int ldc, int mr, int nr, float alpha, bool first)
    {
        Vector256<float> c00 = default, c01 = default, c02 = default, c03 = default, c04 = default, c05 = default;
        Vector256<float> c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
        if (nr == ColumnsPerBlock)
        {
            float* b0 = b, b1 = b + bColumn, b2 = b + (2 * bColumn), b3 = b + (3 * bColumn), b4 = b + (4 * bColumn), b5 = b + (5 * bColumn);
            float* a = panel;
            for (int k = 0; k < kc; k++, a += 16)
            {
                long o = k * bDepth;
                Vector256<float> a0 = Vector256.LoadAligned(a);
                Vector256<float> a1 = Vector256.LoadAligned(a + 8);
                Vector256<float> x = Vector256.Create(b0[o]);
                c00 = Vector256.FusedMultiplyAdd(a0, x, c00);
                c10 = Vector256.FusedMultiplyAdd(a1, x, c10);
                x = Vector256.Create(b1[o]);
                c01 = Vector256.FusedMultiplyAdd(a0, x, c01);
                c11 = Vector256.FusedMultiplyAdd(a1, x, c11);
                x = Vector256.Create(b2[o]);
                c02 = Vector256.FusedMultiplyAdd(a0, x, c02);
                c12 = Vector256.FusedMultiplyAdd(a1, x, c12);
                x = Vector256.Create(b3[o]);
                c03 = Vector256.FusedMultiplyAdd(a0, x, c03);
                c13 = Vector256.FusedMultiplyAdd(a1, x, c13);
                x = Vector256.Create(b4[o]);
                c04 = Vector256.FusedMultiplyAdd(a0, x, c04);
                c14 = Vector256.FusedMultiplyAdd(a1, x, c14);
                x = Vector256.Create(b5[o]);
                c05 = Vector256.FusedMultiplyAdd(a0, x, c05);
                c15 = Vector256.FusedMultiplyAdd(a1, x, c15);
            }

            Store256(c, 0 * (long)ldc, c00, c10, mr, alpha, first);
            Store256(c, 1 * (long)ldc, c01, c11, mr, alpha, first);
            Store256(c, 2 * (long)ldc, c02, c12, mr, alpha, first);
            Store256(c, 3 * (long)ldc, c03, c13, mr, alpha, first);
            Store256(c, 4 * (long)ldc, c04, c14, mr, alpha, first);
            Store256(c, 5 * (long)ldc, c05, c15, mr, alpha, first);
            return;
        }

        for (int j = 0; j < nr; j++)
        {
            float* bj = b + (j * bColumn);
            Vector256<float> s0 = default, s1 = default;
            float* a = panel;
            for (int k = 0; k < kc; k++, a += 16)
            {
                var x = Vector256.Create(bj[k * bDepth]);
                s0 = Vector256.FusedMultiplyAdd(Vector256.LoadAligned(a), x, s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.LoadAligned(a + 8), x, s1);
            }

            Store256(c, j * (long)ldc, s0, s1, mr, alpha, first);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(float* c, long offset, Vector256<float> top, Vector256<float> bottom, int rows, float alpha, bool first)
    {
        float* column = c + offset;
        var scale = Vector256.Create(alpha);
        if (rows == 16)
        {
            top *= scale;
            bottom *= scale;
            if (!first)
            {
                top += Vector256.Load(column);
                bottom += Vector256.Load(column + 8);
            }

            top.Store(column);
            bottom.Store(column + 8);
            return;
        }

        StoreRows(column, (float*)&top, (float*)&bottom, 8, rows, alpha, first);
    }

    private static void Block128(float* panel, int kc, float* b, long bColumn, long bDepth, float* c, int ldc, int mr, int nr, float alpha, bool first)
    {
        for (int j = 0; j < nr; j++)
        {
            float* bj = b + (j * bColumn);
            Vector128<float> s0 = default, s1 = default;
            float* a = panel;
            for (int k = 0; k < kc; k++, a += 8)
            {
                var x = Vector128.Create(bj[k * bDepth]);
                s0 = Vector128.FusedMultiplyAdd(Vector128.Load(a), x, s0);
                s1 = Vector128.FusedMultiplyAdd(Vector128.Load(a + 4), x, s1);
            }

            StoreRows(c + (j * (long)ldc), (float*)&s0, (float*)&s1, 4, mr, alpha, first);
        }
    }

    /// <summary>Writes the first <paramref name="rows"/> of two register halves (each <paramref name="half"/> long) to a column of C.</summary>
    private static void StoreRows(float* column, float* top, float* bottom, int half, int rows, float alpha, bool first)
    {
        for (int r = 0; r < rows; r++)
        {
            float value = alpha * (r < half ? top[r] : bottom[r - half]);
            column[r] = first ? value : column[r] + value;
        }
    }

    /// <summary>One or two columns of C: memory-bound, so A is streamed once without packing.</summary>
    /// <remarks>The native multiplier sends such products here too: OpenBLAS 0.3.21 took 4× as long for a 128×784 by 784×1
    /// product with its Haswell kernel (and no less with its AVX-512 one), measured on this machine.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Narrow(in GemmArguments g)
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

            // C[:, j] = Σ_k A[:, k] · op(B)[k, j], 64 rows at a time in registers: each k reads one contiguous run of A.
            float* b = g.TransposeB ? g.B + j : g.B + ((long)j * g.Ldb);
            long bStep = g.TransposeB ? g.Ldb : 1;
            int i0 = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; i0 + 64 <= g.M; i0 += 64)
                {
                    Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
                    float* a = g.A + i0;
                    for (int k = 0; k < g.K; k++, a += g.Lda)
                    {
                        var x = Vector512.Create(b[k * bStep]);
                        s0 = Vector512.FusedMultiplyAdd(Vector512.Load(a), x, s0);
                        s1 = Vector512.FusedMultiplyAdd(Vector512.Load(a + 16), x, s1);
                        s2 = Vector512.FusedMultiplyAdd(Vector512.Load(a + 32), x, s2);
                        s3 = Vector512.FusedMultiplyAdd(Vector512.Load(a + 48), x, s3);
                    }

                    var alpha = Vector512.Create(g.Alpha);
                    (s0 * alpha).Store(c + i0);
                    (s1 * alpha).Store(c + i0 + 16);
                    (s2 * alpha).Store(c + i0 + 32);
                    (s3 * alpha).Store(c + i0 + 48);
                }
            }

            // The remaining rows (all of them without AVX-512): axpy over the columns of A.
            if (i0 < g.M)
            {
                var rest = new Span<float>(c + i0, g.M - i0);
                rest.Clear();
                for (int k = 0; k < g.K; k++)
                {
                    TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(g.A + i0 + ((long)k * g.Lda), rest.Length), b[k * bStep], rest, rest);
                }

                if (g.Alpha != 1f)
                {
                    TensorPrimitives.Multiply(rest, g.Alpha, rest);
                }
            }
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
}
