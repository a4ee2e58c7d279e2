using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;

namespace NeuralNet.Layers;

/// <summary>2-D average pooling: each output value is the mean of a size × size window of its input plane.</summary>
/// <remarks>
/// <para>Samples are columns read channel-major (value (c, y, x) at row <c>c·H·W + y·W + x</c>); each channel is pooled on
/// its own. With window size k and stride s (default k), <c>H_out = ⌊(H − k)/s⌋ + 1</c> (W_out likewise; no padding,
/// as PyTorch's default) and <c>Y[c, oy, ox] = (1/k²)·Σ_{0 ≤ ky, kx &lt; k} X[c, oy·s + ky, ox·s + kx]</c>.</para>
/// <para>Backward spreads each output's gradient evenly over its window: <c>dX[c, oy·s + ky, ox·s + kx] += dY[c, oy, ox]/k²</c>
/// (overlapping windows, s &lt; k, add up; inputs under no window get 0). No parameters.</para>
/// </remarks>
public sealed unsafe class AveragePool2D : Layer
{
    private const long MinimumValuesPerPart = 64 * 1024;

    private readonly PoolingWindows _windows;
    private readonly BatchBuffers<Workspace> _workspaces;
    private Workspace? _last;

    /// <summary>Creates an average-pooling layer.</summary>
    /// <param name="inputShape">C × H × W of each input sample.</param>
    /// <param name="size">k: windows are k × k.</param>
    /// <param name="stride">s, the step between two windows; default (0 or omitted) k, windows side by side.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension or the size is not positive, or the stride is negative.</exception>
    /// <exception cref="ArgumentException">A window is larger than the input planes.</exception>
    public AveragePool2D(SampleShape inputShape, int size, int stride = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stride);
        _windows = new PoolingWindows(inputShape, size, stride == 0 ? size : stride, "AveragePool2D");
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
        Run(input, ws.Output);
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

        Span<float> dx = MatrixSpans.Values(ws.InputGradient);
        ReadOnlySpan<float> dy = MatrixSpans.Values(outputGradient);
        dx.Clear();
        SampleShape input = InputShape;
        SampleShape output = OutputShape;
        int k = Size, s = Stride, plane = input.Height * input.Width;
        float share = 1f / (k * k);
        for (int j = 0; j < outputGradient.ColumnCount; j++)
        {
            Span<float> sample = dx.Slice(j * InputSize, InputSize);
            ReadOnlySpan<float> gradient = dy.Slice(j * OutputSize, OutputSize);
            int i = 0;
            for (int c = 0; c < input.Channels; c++)
            {
                for (int oy = 0; oy < output.Height; oy++)
                {
                    for (int ox = 0; ox < output.Width; ox++, i++)
                    {
                        float g = gradient[i] * share; // dX += dY/k² over the window
                        int first = (c * plane) + (oy * s * input.Width) + (ox * s);
                        for (int ky = 0; ky < k; ky++)
                        {
                            Span<float> row = sample.Slice(first + (ky * input.Width), k);
                            SpanKernels.Add(row, g, row);
                        }
                    }
                }
            }
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

        Run(input, output);
    }

    /// <summary>Describes the layer, such as <c>AveragePool2D(2)</c> or <c>AveragePool2D(3, stride 2)</c>.</summary>
    public override string ToString() => $"AveragePool2D({_windows.Describe()})";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Run(Matrix<float> input, Matrix<float> output)
    {
        fixed (float* x = MatrixSpans.Array(input), y = MatrixSpans.Array(output))
        {
            var job = new Job { Windows = _windows, X = x, Y = y, Samples = input.ColumnCount };
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
        int plane = input.Height * input.Width;
        int k = windows.Size;
        int s = windows.Stride;
        float share = 1f / (k * k);
        int end = SampleParallel.Start(job->Samples, part + 1, job->Parts);
        for (int j = SampleParallel.Start(job->Samples, part, job->Parts); j < end; j++)
        {
            float* x = job->X + ((long)j * input.Size);
            float* y = job->Y + ((long)j * output.Size);
            int i = 0;
            for (int c = 0; c < input.Channels; c++)
            {
                for (int oy = 0; oy < output.Height; oy++)
                {
                    for (int ox = 0; ox < output.Width; ox++, i++)
                    {
                        float* first = x + (c * plane) + (oy * s * input.Width) + (ox * s);
                        float sum = 0f;
                        for (int ky = 0; ky < k; ky++)
                        {
                            for (int kx = 0; kx < k; kx++)
                            {
                                sum += first[(ky * input.Width) + kx];
                            }
                        }

                        y[i] = sum * share;
                    }
                }
            }
        }
    }

    private struct Job
    {
        public PoolingWindows Windows;
        public float* X;
        public float* Y;
        public int Samples;
        public int Parts;
    }

    private sealed class Workspace(int inputSize, int outputSize, int batchSize)
    {
        public Matrix<float> Output { get; } = MatrixSpans.Dense(outputSize, batchSize);

        private Matrix<float>? _inputGradient;

        public Matrix<float> InputGradient => _inputGradient ??= MatrixSpans.Dense(inputSize, batchSize);
    }
}
