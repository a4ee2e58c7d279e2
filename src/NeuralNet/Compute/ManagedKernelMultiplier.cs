using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralNet.Compute;

/// <summary>The managed engine: a register-blocked SIMD matrix product (AVX-512, AVX2 or 128-bit vectors) that allocates nothing after its first call on a thread.</summary>
/// <remarks>
/// <para>C is computed in tiles held in registers (32 rows × 8 columns with AVX-512, 16 × 6 with AVX2, 8 × 4 otherwise):
/// for each depth block of at most 256, a panel of op(A)'s rows is packed k-major (zero-padded) into a per-thread,
/// 64-byte-aligned buffer that stays in the L1 cache, and every tile of that panel streams it once while it broadcasts
/// op(B)'s values in place. Columns of C are visited in blocks whose slice of B stays in the L2 cache.</para>
/// <para>The problem is turned around where that fills the vectors better: a product with at most 16 rows of C and more
/// columns (the output layer's <c>W·A</c>, 10 × 64) computes Cᵀ = op(B)ᵀ·op(A)ᵀ, so that the vectors run along the
/// batch. With at most 16 rows otherwise, AVX-512 uses one-vector (16-row) tiles. A panel read along k (aᵀ·b,
/// and the turned-around case) is packed with 8 × 8 transposes.</para>
/// <para>Each element of C is the same sum in the same order whichever tile, orientation or part of a split computes
/// it (Σ over k in ascending order, each depth block added as <c>fma(sum, alpha, C)</c>), so a product's bits depend
/// only on its shape and the machine's vector width, not on how it was cut over the threads.</para>
/// <para>Products with one or two columns (single-sample prediction) skip the packing: they are memory-bound, so
/// <see cref="Narrow"/> streams op(A) once.</para>
/// </remarks>
internal sealed unsafe partial class ManagedKernelMultiplier : SlicedMatrixMultiplier
{
    /// <summary>The deepest k-block: a 32 × 256 panel (32 KB) is the most the L1 cache holds beside B's values.</summary>
    private const int TargetDepth = 256;

    /// <summary>Columns of C per block: a 256-deep slice of B for 512 columns is 512 KB, which the L2 cache keeps.</summary>
    private const int ColumnBlock = 512;

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

    /// <summary>Computes one part of a product on the calling thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Kernel(in GemmArguments g)
    {
        if (g.N <= 2)
        {
            Narrow(g);
            return;
        }

        var problem = Problem.For(g);
        Run(ref problem, Tiles.For(problem.Rows));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run(ref Problem p, in Tiles t)
    {
        int depthBlocks = (p.K + TargetDepth - 1) / TargetDepth;
        int depth = (p.K + depthBlocks - 1) / depthBlocks;
        int length = (t.Rows * depth) + (t.Rows * t.Columns) + 16;
        float[] buffer = _packed is { } existing && existing.Length >= length ? existing : (_packed = new float[length]);
        fixed (float* unaligned = buffer)
        {
            // Align the panel to 64 bytes so that every vector load of it stays inside one cache line.
            float* panel = (float*)(((nint)unaligned + 63) & ~(nint)63);
            float* tile = panel + (t.Rows * depth);
            for (int s0 = 0; s0 < p.Columns; s0 += ColumnBlock)
            {
                int sEnd = Math.Min(p.Columns, s0 + ColumnBlock);
                for (int k0 = 0; k0 < p.K; k0 += depth)
                {
                    int kc = Math.Min(depth, p.K - k0);
                    bool first = k0 == 0;
                    float* q = p.Q + (k0 * p.QDepth);
                    for (int r0 = 0; r0 < p.Rows; r0 += t.Rows)
                    {
                        int mr = Math.Min(t.Rows, p.Rows - r0);
                        Pack(p.P + (r0 * p.PRow) + (k0 * p.PDepth), p.PRow, p.PDepth, mr, kc, t.Rows, panel);
                        float* c = p.C + (r0 * p.CRow);

                        // Whole tiles of a column-major C are written in place; the others go through a tile buffer.
                        bool inPlace = p.CRow == 1 && mr == t.Rows;
                        for (int s = s0; s < sEnd;)
                        {
                            int nr = sEnd - s >= t.Columns ? t.Columns : Math.Min(4, sEnd - s);
                            var block = nr == t.Columns ? t.Main : t.Narrow;
                            float* b = q + (s * p.QColumn);
                            float* target = c + (s * p.CColumn);
                            if (inPlace)
                            {
                                block(panel, kc, b, p.QDepth, p.QColumn, nr, target, p.CColumn, p.Alpha, first);
                            }
                            else
                            {
                                block(panel, kc, b, p.QDepth, p.QColumn, nr, tile, t.Rows, 1f, true);
                                Scatter(tile, t.Rows, target, p.CRow, p.CColumn, mr, nr, p.Alpha, first);
                            }

                            s += nr;
                        }
                    }
                }
            }
        }
    }

    /// <summary>Writes <c>panel[k·stride + r] = P[r, k]</c> for r &lt; mr and zeros below; P[r, k] is at <c>source + r·pr + k·pk</c>, and pr or pk is 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pack(float* source, long pr, long pk, int mr, int kc, int stride, float* panel)
    {
        if (pr == 1)
        {
            for (int k = 0; k < kc; k++)
            {
                var from = new ReadOnlySpan<float>(source + (k * pk), mr);
                var to = new Span<float>(panel + ((long)k * stride), stride);
                from.CopyTo(to);
                to[mr..].Clear();
            }

            return;
        }

        // Rows of P are contiguous along k: transpose 8 × 8 blocks, then the rest one value at a time.
        int r8 = 0;
        if (Avx.IsSupported)
        {
            int k8 = kc & ~7;
            for (; r8 + 8 <= mr; r8 += 8)
            {
                float* from = source + (r8 * pr);
                for (int k = 0; k < k8; k += 8)
                {
                    Transpose8(from + k, pr, panel + ((long)k * stride) + r8, stride);
                }

                for (int k = k8; k < kc; k++)
                {
                    for (int r = 0; r < 8; r++)
                    {
                        panel[((long)k * stride) + r8 + r] = from[(r * pr) + k];
                    }
                }
            }
        }

        for (int r = r8; r < stride; r++)
        {
            float* to = panel + r;
            float* from = source + (r * pr);
            for (int k = 0; k < kc; k++)
            {
                to[(long)k * stride] = r < mr ? from[k] : 0f;
            }
        }
    }

    /// <summary>Stores the transpose of the 8 × 8 block at <paramref name="from"/> (rows <paramref name="ld"/> apart) at <paramref name="to"/> (rows <paramref name="stride"/> apart).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8(float* from, long ld, float* to, long stride)
    {
        Vector256<float> r0 = Vector256.Load(from), r1 = Vector256.Load(from + ld);
        Vector256<float> r2 = Vector256.Load(from + (2 * ld)), r3 = Vector256.Load(from + (3 * ld));
        Vector256<float> r4 = Vector256.Load(from + (4 * ld)), r5 = Vector256.Load(from + (5 * ld));
        Vector256<float> r6 = Vector256.Load(from + (6 * ld)), r7 = Vector256.Load(from + (7 * ld));
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(s0, s4, 0x20).Store(to);
        Avx.Permute2x128(s1, s5, 0x20).Store(to + stride);
        Avx.Permute2x128(s2, s6, 0x20).Store(to + (2 * stride));
        Avx.Permute2x128(s3, s7, 0x20).Store(to + (3 * stride));
        Avx.Permute2x128(s0, s4, 0x31).Store(to + (4 * stride));
        Avx.Permute2x128(s1, s5, 0x31).Store(to + (5 * stride));
        Avx.Permute2x128(s2, s6, 0x31).Store(to + (6 * stride));
        Avx.Permute2x128(s3, s7, 0x31).Store(to + (7 * stride));
    }

    /// <summary>Whether a fused multiply-add is one instruction here: on every AVX2, AVX-512 and Arm64 machine.</summary>
    /// <remarks>Without it (x64 before AVX2) <c>MathF.FusedMultiplyAdd</c> and <c>Vector128.FusedMultiplyAdd</c> are computed in
    /// software, one library call per element: measured with <c>DOTNET_EnableAVX2=0</c>, the 128-bit kernel then ran 17× slower
    /// than the netlib reference BLAS. There the kernel multiplies and adds instead (other bits than an FMA machine's, the
    /// same on every path of that machine).</remarks>
    private static bool HasFusedMultiplyAdd => Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;

    /// <summary><c>a·b + c</c>, fused where the machine has the instruction (<see cref="HasFusedMultiplyAdd"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float MulAdd(float a, float b, float c) => HasFusedMultiplyAdd ? MathF.FusedMultiplyAdd(a, b, c) : (a * b) + c;

    /// <summary><c>a·b + c</c> on 128-bit vectors, fused where the machine has the instruction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> MulAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
        HasFusedMultiplyAdd ? Vector128.FusedMultiplyAdd(a, b, c) : (a * b) + c;

    /// <summary>Adds a tile of sums (<c>tile[s·ld + r]</c>) into C as the in-place stores do: <c>C = alpha·sum</c> for the first depth block, else <c>fma(sum, alpha, C)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scatter(float* tile, int ld, float* c, long cr, long cs, int mr, int nr, float alpha, bool first)
    {
        for (int s = 0; s < nr; s++)
        {
            float* column = c + (s * cs);
            float* sums = tile + (s * ld);
            for (int r = 0; r < mr; r++)
            {
                ref float target = ref column[r * cr];
                target = first ? sums[r] * alpha : MulAdd(sums[r], alpha, target);
            }
        }
    }
}
