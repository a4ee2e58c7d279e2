// Over 250 lines: forward with its argmax record, the 2×2 fast path, the backward scatter and the tie gap the gradient check needs, for one layer.
using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;

namespace NeuralNet.Layers;

/// <summary>2-D max pooling: each output value is the largest of a size × size window of its input plane.</summary>
/// <remarks>
/// <para>Samples are columns read channel-major (value (c, y, x) at row <c>c·H·W + y·W + x</c>); each channel is pooled on
/// its own. With window size k and stride s (default k: side by side), <c>H_out = ⌊(H − k)/s⌋ + 1</c> (W_out likewise;
/// no padding, and a last partial window is dropped, as in PyTorch's default) and
/// <c>Y[c, oy, ox] = max_{0 ≤ ky, kx &lt; k} X[c, oy·s + ky, ox·s + kx]</c>.</para>
/// <para>Backward passes each output's gradient to the one input that was its maximum, <c>dX[argmax] += dY</c>, and
/// nothing to the others (overlapping windows, s &lt; k, add up). Ties: the first maximum in scan order (row by row
/// within the window, left to right) is the argmax and gets the whole gradient, as in PyTorch; a NaN counts as the
/// maximum (the first NaN), so NaN propagates.</para>
/// <para>No parameters. Forward remembers each output's argmax (an index per output value) for Backward.</para>
/// </remarks>
public sealed unsafe class MaxPool2D : Layer
{
    // Below about 64 K input values a part costs more to hand over than it saves.
    private const long MinimumValuesPerPart = 64 * 1024;

    private readonly PoolingWindows _windows;
    private readonly BatchBuffers<Workspace> _workspaces;
    private Matrix<float>? _input;
    private Workspace? _last;

    /// <summary>Creates a max-pooling layer.</summary>
    /// <param name="inputShape">C × H × W of each input sample.</param>
    /// <param name="size">k: windows are k × k.</param>
    /// <param name="stride">s, the step between two windows; default (0 or omitted) k, windows side by side.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension or the size is not positive, or the stride is negative.</exception>
    /// <exception cref="ArgumentException">A window is larger than the input planes.</exception>
    public MaxPool2D(SampleShape inputShape, int size, int stride = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stride);
        _windows = new PoolingWindows(inputShape, size, stride == 0 ? size : stride, "MaxPool2D");
        int inputSize = InputSize;
        int outputSize = OutputSize;
        _workspaces = new BatchBuffers<Workspace>(m => new Workspace(inputSize, outputSize, m));
    }

    /// <inheritdoc />
    public override int InputSize => _windows.Input.Size;

    /// <inheritdoc />
    public override int OutputSize => _windows.Output.Size;

    /// <inheritdoc />
    /// <remarks>C × H × W.</remarks>
    public override SampleShape InputShape => _windows.Input;

    /// <inheritdoc />
    /// <remarks>C × H_out × W_out.</remarks>
    public override SampleShape OutputShape => _windows.Output;

    /// <summary>k: windows are k × k.</summary>
    public int Size => _windows.Size;

    /// <summary>s, the step between two windows.</summary>
    public int Stride => _windows.Stride;

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => [];

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Matrix<float> Forward(Matrix<float> input)
    {
        CheckInput(input, nameof(input));
        Workspace ws = _workspaces.For(input.ColumnCount);
        fixed (int* argmax = ws.Argmax)
        {
            Run(input, ws.Output, argmax);
        }

        _input = input;
        _last = ws;
        return ws.Output;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Matrix<float>? Backward(Matrix<float> outputGradient, bool computeInputGradient)
    {
        Workspace ws = _last ?? throw BackwardBeforeForward();
        CheckOutputGradient(outputGradient, ws.Output.ColumnCount, nameof(outputGradient));
        if (!computeInputGradient)
        {
            return null;
        }

        fixed (float* dx = MatrixSpans.Array(ws.InputGradient), dy = MatrixSpans.Array(outputGradient))
        fixed (int* argmax = ws.Argmax)
        {
            var job = new Job { Windows = _windows, X = dx, Y = dy, Argmax = argmax, Samples = outputGradient.ColumnCount };
            job.Parts = SampleParallel.Parts(job.Samples, InputSize, MinimumValuesPerPart);
            SampleParallel.Run(&BackwardPart, &job, job.Parts);
        }

        return ws.InputGradient;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Infer(Matrix<float> input, Matrix<float> output)
    {
        CheckInput(input, nameof(input));
        if (output.RowCount != OutputSize || output.ColumnCount != input.ColumnCount)
        {
            // The message is built only here: an interpolated argument would allocate on every prediction.
            MatrixSpans.RequireShape(output, OutputSize, input.ColumnCount, $"The output of {this}", nameof(output));
        }

        Run(input, output, null);
    }

    /// <summary>Describes the layer, such as <c>MaxPool2D(2)</c> or <c>MaxPool2D(3, stride 2)</c>.</summary>
    public override string ToString() => $"MaxPool2D({_windows.Describe()})";

    /// <summary>The smallest difference, over the windows of the last Forward, between a window's maximum and its next largest value; for gradient checks, which must not step across a tie.</summary>
    internal float SmallestGapToRunnerUp()
    {
        Matrix<float> input = _input ?? throw new InvalidOperationException($"{this} has no input before Forward.");
        float smallest = float.PositiveInfinity;
        SampleShape shape = InputShape;
        int k = Size;
        for (int j = 0; j < input.ColumnCount; j++)
        {
            for (int c = 0; c < shape.Channels; c++)
            {
                for (int oy = 0; oy < OutputShape.Height; oy++)
                {
                    for (int ox = 0; ox < OutputShape.Width; ox++)
                    {
                        var values = new List<float>(k * k);
                        for (int ky = 0; ky < k; ky++)
                        {
                            for (int kx = 0; kx < k; kx++)
                            {
                                values.Add(input[(c * shape.Height * shape.Width) + (((oy * Stride) + ky) * shape.Width) + (ox * Stride) + kx, j]);
                            }
                        }

                        values.Sort();
                        if (values.Count > 1)
                        {
                            smallest = Math.Min(smallest, values[^1] - values[^2]);
                        }
                    }
                }
            }
        }

        return smallest;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Run(Matrix<float> input, Matrix<float> output, int* argmax)
    {
        fixed (float* x = MatrixSpans.Array(input), y = MatrixSpans.Array(output))
        {
            var job = new Job { Windows = _windows, X = x, Y = y, Argmax = argmax, Samples = input.ColumnCount };
            job.Parts = SampleParallel.Parts(job.Samples, InputSize, MinimumValuesPerPart);
            SampleParallel.Run(&RunPart, &job, job.Parts);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunPart(void* state, int part)
    {
        Job* job = (Job*)state;
        PoolingWindows windows = job->Windows;
        SampleShape input = windows.Input;
        SampleShape output = windows.Output;
        int inputSize = input.Size;
        int outputSize = output.Size;
        int plane = input.Height * input.Width;
        int k = windows.Size;
        int s = windows.Stride;
        int end = SampleParallel.Start(job->Samples, part + 1, job->Parts);
        for (int j = SampleParallel.Start(job->Samples, part, job->Parts); j < end; j++)
        {
            float* x = job->X + ((long)j * inputSize);
            float* y = job->Y + ((long)j * outputSize);
            int* argmax = job->Argmax is null ? null : job->Argmax + ((long)j * outputSize);
            if (k == 2 && s == 2)
            {
                PoolTwoByTwo(x, y, argmax, input, output);
                continue;
            }

            int i = 0;
            for (int c = 0; c < input.Channels; c++)
            {
                for (int oy = 0; oy < output.Height; oy++)
                {
                    for (int ox = 0; ox < output.Width; ox++, i++)
                    {
                        int first = (c * plane) + (oy * s * input.Width) + (ox * s);
                        int best = first;
                        float max = x[first];
                        for (int ky = 0; ky < k; ky++)
                        {
                            int row = first + (ky * input.Width);
                            for (int kx = 0; kx < k; kx++)
                            {
                                // Strictly greater: the first maximum in scan order wins ties. A NaN wins once and stays.
                                float v = x[row + kx];
                                if (v > max || (float.IsNaN(v) && !float.IsNaN(max)))
                                {
                                    max = v;
                                    best = row + kx;
                                }
                            }
                        }

                        y[i] = max;
                        if (argmax is not null)
                        {
                            argmax[i] = best;
                        }
                    }
                }
            }
        }
    }

    /// <summary>The common 2 × 2 windows at stride 2, without branches on the data: random values made the general loop mispredict about once a window.</summary>
    /// <remarks>The maximum comes from <see cref="MathF.Max(float, float)"/> (NaN propagates); its index is the first value
    /// equal to it in scan order, counted with comparisons turned into 0 or 1. A NaN maximum, rare, goes the general way.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PoolTwoByTwo(float* x, float* y, int* argmax, SampleShape input, SampleShape output)
    {
        int w = input.Width;
        int plane = input.Height * w;
        int i = 0;
        for (int c = 0; c < input.Channels; c++)
        {
            for (int oy = 0; oy < output.Height; oy++)
            {
                int rowStart = (c * plane) + (2 * oy * w);
                float* top = x + rowStart;
                float* bottom = top + w;
                for (int ox = 0; ox < output.Width; ox++, i++)
                {
                    float a = top[2 * ox], b = top[(2 * ox) + 1], c2 = bottom[2 * ox], d = bottom[(2 * ox) + 1];
                    float max = MathF.Max(MathF.Max(a, b), MathF.Max(c2, d));
                    y[i] = max;
                    if (argmax is null)
                    {
                        continue;
                    }

                    int best;
                    if (float.IsNaN(max))
                    {
                        best = float.IsNaN(a) ? 0 : float.IsNaN(b) ? 1 : float.IsNaN(c2) ? 2 : 3;
                    }
                    else
                    {
                        // How many values come before the first maximum: 0 to 3, the index in scan order.
                        int notA = a != max ? 1 : 0;
                        int notB = notA & (b != max ? 1 : 0);
                        int notC = notB & (c2 != max ? 1 : 0);
                        best = notA + notB + notC;
                    }

                    argmax[i] = rowStart + (2 * ox) + ((best >> 1) * w) + (best & 1);
                }
            }
        }
    }

    /// <summary>dX = 0, then dX[argmax] += dY for each sample of the part: the argmax is the offset within the sample's input column.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackwardPart(void* state, int part)
    {
        Job* job = (Job*)state;
        int inputSize = job->Windows.Input.Size;
        int outputSize = job->Windows.Output.Size;
        int start = SampleParallel.Start(job->Samples, part, job->Parts);
        int end = SampleParallel.Start(job->Samples, part + 1, job->Parts);
        new Span<float>(job->X + ((long)start * inputSize), (end - start) * inputSize).Clear();
        for (int j = start; j < end; j++)
        {
            float* dx = job->X + ((long)j * inputSize);
            float* dy = job->Y + ((long)j * outputSize);
            int* argmax = job->Argmax + ((long)j * outputSize);
            for (int i = 0; i < outputSize; i++)
            {
                dx[argmax[i]] += dy[i];
            }
        }
    }

    /// <summary>The batch of one pass: X and Y are the input and output in Forward, dX and dY in Backward.</summary>
    private struct Job
    {
        public PoolingWindows Windows;
        public float* X;
        public float* Y;
        public int* Argmax;
        public int Samples;
        public int Parts;
    }

    private sealed class Workspace(int inputSize, int outputSize, int batchSize)
    {
        public Matrix<float> Output { get; } = MatrixSpans.Dense(outputSize, batchSize);

        /// <summary>For each output value, the offset of its maximum within the sample's input column.</summary>
        public int[] Argmax { get; } = new int[checked(outputSize * batchSize)];

        private Matrix<float>? _inputGradient;

        public Matrix<float> InputGradient => _inputGradient ??= MatrixSpans.Dense(inputSize, batchSize);
    }
}
