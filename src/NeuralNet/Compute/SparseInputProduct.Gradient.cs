using System.Runtime.CompilerServices;

namespace NeuralNet.Compute;

internal static unsafe partial class SparseInputProduct
{
    [ThreadStatic]
    private static int[]? _samples;

    [ThreadStatic]
    private static float[]? _values;

    /// <summary>Computes one part of <c>C = alpha·A·Bᵀ</c> with B mostly zeros: the first layer's weight gradient <c>dW = (1/m)·dZ·Xᵀ</c>, where B is the batch's inputs.</summary>
    /// <remarks>
    /// <para>B is stored n × k (a column of its storage is a sample, contiguous). Each sample's nonzero features are found
    /// as for the forward product and turned around into, per feature j, the samples whose value there is not zero; then
    /// <c>C[:, j]</c> is the sum of A's columns at those samples, weighted by B's values, in registers, and stored once: a
    /// fifth of the terms on MNIST, and no gradient column read and written back per term.</para>
    /// <para>Every element of C is one chain of fused multiply-adds over the samples s in ascending order whose B[j, s]
    /// is not zero, from +0, scaled by alpha at the end: bits that depend only on the values, not on how the parts split
    /// C's columns. Features are taken in ranges whose lists hold at most 256 K entries.</para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GradientKernel(in GemmArguments g)
    {
        int samples = g.K;
        int range = Math.Clamp(MaximumListLength / Math.Max(1, samples), 1, g.N);
        int entries = range * samples;
        int[] samplesOf = _samples is { } s0 && s0.Length >= entries + range ? s0 : (_samples = new int[entries + range]);
        float[] valuesOf = _values is { } v0 && v0.Length >= entries ? v0 : (_values = new float[entries]);
        int scratchLength = range + 8 + ((range + DepthBlock - 1) / DepthBlock) + 1;
        int[] scratch = _lists is { } l0 && l0.Length >= scratchLength ? l0 : (_lists = new int[scratchLength]);
        fixed (int* bySample = samplesOf, found = scratch)
        fixed (float* values = valuesOf)
        {
            int* counts = bySample + entries;
            for (int j0 = 0; j0 < g.N; j0 += range)
            {
                int features = Math.Min(range, g.N - j0);
                new Span<int>(counts, features).Clear();

                // Turn the samples' lists around: feature j's samples, in ascending order, and its values by sample.
                for (int s = 0; s < samples; s++)
                {
                    float* x = g.B + ((long)s * g.Ldb) + j0;
                    int count = FindNonzero(x, features, DepthBlock, found, found + features + 8);
                    for (int t = 0; t < count; t++)
                    {
                        int j = found[t];
                        bySample[(j * samples) + counts[j]++] = s;
                        values[(j * samples) + s] = x[j];
                    }
                }

                for (int j = 0; j < features; j++)
                {
                    float* c = g.C + ((long)(j0 + j) * g.Ldc);
                    new Span<float>(c, g.M).Clear();
                    if (counts[j] > 0)
                    {
                        for (int r0 = 0; r0 < g.M; r0 += RowsPerPass)
                        {
                            Accumulate(g.A + r0, g.Lda, Math.Min(RowsPerPass, g.M - r0), bySample + (j * samples), counts[j], values + (j * samples), c + r0);
                        }
                    }

                    if (g.Alpha != 1f)
                    {
                        var column = new Span<float>(c, g.M);
                        SpanKernels.Multiply(column, g.Alpha, column);
                    }
                }
            }
        }
    }
}
