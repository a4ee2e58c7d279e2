using System.Runtime.CompilerServices;
using NeuralNet.Compute;

namespace NeuralNet.Layers;

/// <summary>The geometry of a 2-D convolution and its lowering of one sample to a matrix (im2col) and back (col2im).</summary>
/// <remarks>
/// <para>The columns matrix Q of a sample is P × K, column-major, with P = H_out·W_out output positions and
/// K = C_in·k·k taps: column <c>(c·k + ky)·k + kx</c> holds, for every output position (oy, ox) in row-major order,
/// the input value <c>x[c, oy·s + ky − p, ox·s + kx − p]</c>, or 0 where that falls in the zero padding. Then the
/// convolution of the sample is one product, <c>Z = Q·W</c> (P × C_out, which is the C_out × H_out × W_out output
/// sample stored channel-major), with W the K × C_out filters.</para>
/// <para>This layout (one column per tap) is chosen over one column per position because each of its columns is
/// built from whole runs of an input row (W_out values at stride 1), not from k-value pieces.</para>
/// </remarks>
internal readonly unsafe struct ConvolutionLowering
{
    public ConvolutionLowering(SampleShape input, int kernel, int stride, int padding)
    {
        Input = input;
        Kernel = kernel;
        Stride = stride;
        Padding = padding;
        OutputHeight = ((input.Height + (2 * padding) - kernel) / stride) + 1;
        OutputWidth = ((input.Width + (2 * padding) - kernel) / stride) + 1;
    }

    public SampleShape Input { get; }

    public int Kernel { get; }

    public int Stride { get; }

    public int Padding { get; }

    public int OutputHeight { get; }

    public int OutputWidth { get; }

    /// <summary>P = H_out·W_out, the rows of Q.</summary>
    public int Positions => OutputHeight * OutputWidth;

    /// <summary>K = C_in·k·k, the columns of Q and the rows of the filter matrix.</summary>
    public int Taps => Input.Channels * Kernel * Kernel;

    /// <summary>Whether Q is the input sample itself (a 1×1 kernel at stride 1 without padding): no copy is needed.</summary>
    public bool IsIdentity => Kernel == 1 && Stride == 1 && Padding == 0;

    /// <summary>Writes Q (P × K) of the sample at <paramref name="x"/> to <paramref name="q"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Im2Col(float* x, float* q)
    {
        int h = Input.Height, w = Input.Width, k = Kernel, s = Stride, p = Padding;
        int ho = OutputHeight, wo = OutputWidth, positions = Positions;
        for (int c = 0; c < Input.Channels; c++)
        {
            float* plane = x + ((long)c * h * w);
            for (int ky = 0; ky < k; ky++)
            {
                for (int kx = 0; kx < k; kx++)
                {
                    float* column = q + ((long)(((c * k) + ky) * k + kx) * positions);
                    (int first, int end) = ValidColumns(kx, w);
                    for (int oy = 0; oy < ho; oy++)
                    {
                        float* run = column + (oy * wo);
                        int iy = (oy * s) + ky - p;
                        if ((uint)iy >= (uint)h || first >= end)
                        {
                            new Span<float>(run, wo).Clear();
                            continue;
                        }

                        if (first > 0)
                        {
                            new Span<float>(run, first).Clear();
                        }

                        if (end < wo)
                        {
                            new Span<float>(run + end, wo - end).Clear();
                        }

                        float* source = plane + (iy * w) + (first * s) + kx - p;
                        if (s == 1)
                        {
                            new ReadOnlySpan<float>(source, end - first).CopyTo(new Span<float>(run + first, end - first));
                        }
                        else
                        {
                            for (int ox = first; ox < end; ox++, source += s)
                            {
                                run[ox] = *source;
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Overwrites the sample's input gradient at <paramref name="dx"/> with the sum, over every tap, of dQ (P × K) put back where im2col took each value from.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Col2Im(float* dq, float* dx)
    {
        int h = Input.Height, w = Input.Width, k = Kernel, s = Stride, p = Padding;
        int ho = OutputHeight, wo = OutputWidth, positions = Positions;
        new Span<float>(dx, Input.Size).Clear();
        for (int c = 0; c < Input.Channels; c++)
        {
            float* plane = dx + ((long)c * h * w);
            for (int ky = 0; ky < k; ky++)
            {
                for (int kx = 0; kx < k; kx++)
                {
                    float* column = dq + ((long)(((c * k) + ky) * k + kx) * positions);
                    (int first, int end) = ValidColumns(kx, w);
                    if (first >= end)
                    {
                        continue;
                    }

                    for (int oy = 0; oy < ho; oy++)
                    {
                        int iy = (oy * s) + ky - p;
                        if ((uint)iy >= (uint)h)
                        {
                            continue;
                        }

                        float* run = column + (oy * wo);
                        float* target = plane + (iy * w) + (first * s) + kx - p;
                        if (s == 1)
                        {
                            var row = new Span<float>(target, end - first);
                            SpanKernels.Add(row, new ReadOnlySpan<float>(run + first, end - first), row);
                        }
                        else
                        {
                            for (int ox = first; ox < end; ox++, target += s)
                            {
                                *target += run[ox];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>The output columns [first, end) whose tap <paramref name="kx"/> falls inside the input row (not in the padding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (int First, int End) ValidColumns(int kx, int width)
    {
        // ix = ox·s + kx − p must lie in [0, width).
        int lead = Padding - kx;
        int first = lead > 0 ? (lead + Stride - 1) / Stride : 0;
        int last = width - 1 + Padding - kx;
        int end = last < 0 ? 0 : Math.Min(OutputWidth, (last / Stride) + 1);
        return (Math.Min(first, OutputWidth), end);
    }
}
