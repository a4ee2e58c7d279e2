using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralNet.Compute;

/// <summary>A's rows copied into panels aligned to cache lines, for the sparse kernel on large batches.</summary>
/// <remarks>
/// <para>A term of the kernel reads one pass's rows of A's column k (256 bytes on AVX2, 512 on AVX-512) with vector loads.
/// In a MathNet matrix those columns start wherever the array's data does (.NET promises 8-byte alignment), so many of
/// those loads cross a cache-line boundary and cost two. The columns also lie a column's length apart, 512 bytes for a
/// 128-row layer, so a depth block of them fills only half the L1 cache's sets. A panel holds one pass's rows of every
/// column, each column starting on a 64-byte line and the columns one after the other.</para>
/// <para>Measured on 2-core Zen 3 (AVX2), one thread, 784-128 on MNIST's 10,000 test images, in alternating rounds of
/// one process: 24.3–27.7 ms from the matrix, 18.4–20.2 ms from panels with depth blocks of 128 k, 20.4–23.2 ms with
/// blocks of 64 (on the matrix the longer blocks changed nothing). From 256 samples the copy (401 KB for that layer) is
/// paid for: 256 samples took 1.4–1.8 µs each, against 1.7–2.0 µs for 128 samples read from the matrix. Smaller products
/// (a training batch, one prediction) read the matrix.</para>
/// <para>The copy changes no bit: every element is the same chain of multiply-adds over the same values.</para>
/// </remarks>
internal static unsafe partial class SparseInputProduct
{
    /// <summary>The depth block on panels: 32 KB of A, the L1 cache's size. With AVX2's 64-row passes that is 128 k, twice <see cref="DepthBlock"/> (half as many calls of the inner loop, each twice as long: the measured gain); AVX-512's passes are twice as tall, so there it stays at 64 k (not measured on an AVX-512 machine).</summary>
    private static int PanelDepthBlock => 32 * 1024 / sizeof(float) / RowsPerPass;

    /// <summary>From this many samples in one part of a product, A is copied into panels first.</summary>
    private const int PanelSamples = 256;

    /// <summary>At most this many floats (4 MB) of panels per thread; a larger A is read in place.</summary>
    private const int MaximumPanelFloats = 1024 * 1024;

    private const int LineBytes = 64;

    [ThreadStatic]
    private static float[]? _panels;

    /// <summary>Copies A into panels of <see cref="RowsPerPass"/> rows (the last one may hold fewer), each of its K columns <see cref="RowsPerPass"/> floats apart from a 64-byte boundary; returns the first panel, or null when <paramref name="g"/> is too small to pay for the copy or A too large to hold.</summary>
    /// <remarks>Panel p holds A's rows from p · <see cref="RowsPerPass"/>: element (i, k) at <c>p·K·RowsPerPass + k·RowsPerPass + i</c>.</remarks>
    private static float* Panels(in GemmArguments g)
    {
        int panels = (g.M + RowsPerPass - 1) / RowsPerPass;
        long floats = (long)panels * RowsPerPass * g.K;
        if (g.N < PanelSamples || floats > MaximumPanelFloats)
        {
            return null;
        }

        int length = (int)floats + (LineBytes / sizeof(float));
        if (_panels is not { } buffer || buffer.Length < length)
        {
            // Pinned, so that its address holds; over-allocated by a line, so that the panels can start on one.
            buffer = _panels = GC.AllocateUninitializedArray<float>(length, pinned: true);
        }

        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        float* first = (float*)((start + LineBytes - 1) & ~(nint)(LineBytes - 1));
        for (int p = 0; p < panels; p++)
        {
            int r0 = p * RowsPerPass;
            int rows = Math.Min(RowsPerPass, g.M - r0);
            float* panel = first + ((long)p * RowsPerPass * g.K);
            for (long k = 0; k < g.K; k++)
            {
                new ReadOnlySpan<float>(g.A + (k * g.Lda) + r0, rows).CopyTo(new Span<float>(panel + (k * RowsPerPass), rows));
            }
        }

        return first;
    }
}
