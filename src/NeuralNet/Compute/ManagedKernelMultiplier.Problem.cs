using System.Runtime.Intrinsics;

namespace NeuralNet.Compute;

internal sealed unsafe partial class ManagedKernelMultiplier
{
    /// <summary>A product as the tiles see it: <c>C[r, s] = alpha · Σ_k P[r, k] · Q[k, s]</c>, every operand by its strides.</summary>
    /// <remarks>P is the operand packed into panels (its rows run along the vectors), Q the one broadcast from in place.</remarks>
    private struct Problem
    {
        public int Rows;
        public int Columns;
        public int K;
        public float Alpha;
        public float* P;
        public long PRow;
        public long PDepth;
        public float* Q;
        public long QDepth;
        public long QColumn;
        public float* C;
        public long CRow;
        public long CColumn;

        /// <summary>Describes <c>C = alpha · op(A) · op(B)</c> as it is, or as Cᵀ = op(B)ᵀ·op(A)ᵀ when C has at most 16 rows and more columns and neither operand is transposed.</summary>
        /// <remarks>Turned around, the vectors run along the batch instead of 10 output units in 16 lanes; measured, that paid for
        /// <c>W·A</c> but not for the output layer's <c>dZ·Aᵀ</c>, whose turned-around tiles cost more to store than they saved.</remarks>
        public static Problem For(in GemmArguments g)
        {
            // op(A)[i, k] = A[i·aRow + k·aDepth], op(B)[k, j] = B[k·bDepth + j·bColumn].
            long aRow = g.TransposeA ? g.Lda : 1, aDepth = g.TransposeA ? 1 : g.Lda;
            long bDepth = g.TransposeB ? g.Ldb : 1, bColumn = g.TransposeB ? 1 : g.Ldb;
            bool turn = !g.TransposeA && !g.TransposeB && g.M <= 16 && g.N > g.M;
            return turn
                ? new Problem
                {
                    Rows = g.N, Columns = g.M, K = g.K, Alpha = g.Alpha,
                    P = g.B, PRow = bColumn, PDepth = bDepth,
                    Q = g.A, QDepth = aDepth, QColumn = aRow,
                    C = g.C, CRow = g.Ldc, CColumn = 1,
                }
                : new Problem
                {
                    Rows = g.M, Columns = g.N, K = g.K, Alpha = g.Alpha,
                    P = g.A, PRow = aRow, PDepth = aDepth,
                    Q = g.B, QDepth = bDepth, QColumn = bColumn,
                    C = g.C, CRow = 1, CColumn = g.Ldc,
                };
        }
    }

    /// <summary>The tile shape in use and its two blocks: <see cref="Main"/> for whole tiles, <see cref="Narrow"/> for the last 1–4 columns.</summary>
    /// <remarks>A block computes <c>C[0..Rows, 0..nr] (=|+=) alpha · panel · Q</c> from a packed panel
    /// (<c>panel[k·Rows + r]</c>, k &lt; kc) and Q's values <c>b[k·bDepth + s·bColumn]</c>.</remarks>
    private readonly struct Tiles
    {
        public readonly int Rows;
        public readonly int Columns;
        public readonly delegate*<float*, int, float*, long, long, int, float*, long, float, bool, void> Main;
        public readonly delegate*<float*, int, float*, long, long, int, float*, long, float, bool, void> Narrow;

        private Tiles(int rows, int columns, delegate*<float*, int, float*, long, long, int, float*, long, float, bool, void> main, delegate*<float*, int, float*, long, long, int, float*, long, float, bool, void> narrow)
        {
            Rows = rows;
            Columns = columns;
            Main = main;
            Narrow = narrow;
        }

        /// <summary>The widest tiles the CPU runs; with AVX-512, one-vector tiles for products of at most 16 rows.</summary>
        public static Tiles For(int rows) =>
            Vector512.IsHardwareAccelerated
                ? rows <= 16 ? new(16, 8, &Block16x8, &Block16x4) : new(32, 8, &Block32x8, &Block32x4)
                : Vector256.IsHardwareAccelerated ? new(16, 6, &Block16x6Avx2, &Block16x4Avx2)
                : new(8, 4, &Block8x4, &Block8x4);
    }
}
