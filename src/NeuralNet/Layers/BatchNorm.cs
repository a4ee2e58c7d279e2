// Over 250 lines: both modes (batch statistics while training, running averages at inference), the backward formula, and the flat and per-channel loops they share.
using System.Buffers;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;

namespace NeuralNet.Layers;

/// <summary>Batch normalization (Ioffe and Szegedy, 2015): <c>Y = γ·(X − μ)/√(σ² + ε) + β</c> per feature of a flat sample, or per channel of an image.</summary>
/// <remarks>
/// <para>Samples are columns read as <see cref="Layer.InputShape"/>, channel-major (value (c, y, x) at row
/// <c>c·H·W + y·W + x</c>). A flat shape (n × 1 × 1, after a dense layer) normalizes each of the n features over the m
/// samples of the batch, as PyTorch's <c>BatchNorm1d</c>; an image shape C × H × W normalizes each channel over the
/// N = m·H·W values it has in the batch, as <c>BatchNorm2d</c>. Output shape = input shape.</para>
/// <para>Training (<see cref="Layer.IsTraining"/> true): μ and σ² are the batch's mean and biased variance (divided by N)
/// of each channel, <c>X̂ = (X − μ)/√(σ² + ε)</c>, <c>Y = γ·X̂ + β</c>; the running averages move as in PyTorch,
/// <c>μ_run ← (1 − momentum)·μ_run + momentum·μ</c> and <c>σ²_run ← (1 − momentum)·σ²_run + momentum·σ²·N/(N − 1)</c>
/// (the unbiased variance). Inference (IsTraining false, and always in <see cref="Infer"/>) uses μ_run and σ²_run instead
/// and leaves them alone.</para>
/// <para>Backward, from the per-sample gradients G = dℓ_j/dY, with sums Σ over a channel's N values: <c>dβ = (1/m)·ΣG</c>,
/// <c>dγ = (1/m)·Σ G·X̂</c>, and in training, where μ and σ² depend on every input,
/// <c>dX = (γ/√(σ² + ε))·(G − ΣG/N − X̂·Σ(G·X̂)/N)</c>; at inference, with constant statistics, <c>dX = G·γ/√(σ²_run + ε)</c>.</para>
/// <para>γ starts at 1, β at 0, μ_run at 0 and σ²_run at 1. The running statistics are not trainable: read them with
/// <see cref="RunningMean"/> and <see cref="RunningVariance"/> and restore them with <see cref="SetRunningStatistics"/>.</para>
/// </remarks>
public sealed class BatchNorm : Layer
{
    private readonly BatchBuffers<Workspace> _workspaces;
    private readonly float[] _runningMean;
    private readonly float[] _runningVariance;

    // Per channel, from the last Forward: 1/√(σ² + ε) of the statistics it used, and Backward's sums and coefficients.
    private readonly float[] _inverseDeviation;
    private readonly float[] _sums;
    private readonly float[] _products;
    private readonly float[] _coefficients;
    private Workspace? _last;
    private bool _lastTraining;

    /// <summary>Creates a batch normalization of <paramref name="features"/> flat features (after a dense layer).</summary>
    /// <param name="features">n, the features per sample.</param>
    /// <param name="momentum">The weight of each batch in the running averages, in (0, 1]; default 0.1 as PyTorch.</param>
    /// <param name="epsilon">ε, added to the variance before its square root; positive, default 1e-5 as PyTorch.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range.</exception>
    public BatchNorm(int features, float momentum = 0.1f, float epsilon = 1e-5f)
        : this(SampleShape.Flat(features), momentum, epsilon)
    {
    }

    /// <summary>Creates a batch normalization of samples of <paramref name="shape"/>: per channel for an image, per feature for a flat shape.</summary>
    /// <param name="shape">C × H × W of each sample (in and out).</param>
    /// <param name="momentum">The weight of each batch in the running averages, in (0, 1]; default 0.1 as PyTorch.</param>
    /// <param name="epsilon">ε, added to the variance before its square root; positive, default 1e-5 as PyTorch.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range.</exception>
    public BatchNorm(SampleShape shape, float momentum = 0.1f, float epsilon = 1e-5f)
    {
        InputShape = SampleShape.Image(shape.Channels, shape.Height, shape.Width, nameof(shape));
        if (!(momentum > 0f && momentum <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "The momentum is the weight of each batch in the running averages and must lie in (0, 1].");
        }

        if (!(epsilon > 0f) || !float.IsFinite(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be positive and finite.");
        }

        Momentum = momentum;
        Epsilon = epsilon;
        int channels = shape.Channels;
        Gamma = new Parameter("gamma", channels, 1);
        Beta = new Parameter("beta", channels, 1);
        Gamma.ValueSpan.Fill(1f);
        Parameters = [Gamma, Beta];
        _runningMean = new float[channels];
        _runningVariance = new float[channels];
        _runningVariance.AsSpan().Fill(1f);
        _inverseDeviation = new float[channels];
        _sums = new float[channels];
        _products = new float[channels];
        _coefficients = new float[3 * channels];
        int size = InputShape.Size;
        _workspaces = new BatchBuffers<Workspace>(m => new Workspace(size, m));
    }

    /// <inheritdoc />
    public override int InputSize => InputShape.Size;

    /// <inheritdoc />
    public override int OutputSize => InputShape.Size;

    /// <inheritdoc />
    public override SampleShape InputShape { get; }

    /// <inheritdoc />
    public override SampleShape OutputShape => InputShape;

    /// <summary>The number of normalized channels (features of a flat shape): the length of γ, β and the running statistics.</summary>
    public int Channels => InputShape.Channels;

    /// <summary>The weight of each training batch in the running averages.</summary>
    public float Momentum { get; }

    /// <summary>ε, added to the variance before its square root.</summary>
    public float Epsilon { get; }

    /// <summary>γ, the learned scale, Channels × 1.</summary>
    public Parameter Gamma { get; }

    /// <summary>β, the learned shift, Channels × 1.</summary>
    public Parameter Beta { get; }

    /// <inheritdoc />
    /// <remarks>γ then β. The running statistics are not parameters: optimizers must not touch them.</remarks>
    public override IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>μ_run, the running mean of each channel (0 at first), which inference normalizes with.</summary>
    public ReadOnlySpan<float> RunningMean => _runningMean;

    /// <summary>σ²_run, the running unbiased variance of each channel (1 at first), which inference normalizes with.</summary>
    public ReadOnlySpan<float> RunningVariance => _runningVariance;

    /// <summary>Replaces the running statistics, as when loading a trained model.</summary>
    /// <exception cref="ArgumentException">A span does not hold <see cref="Channels"/> values, a mean is not finite, or a variance is negative or not finite.</exception>
    public void SetRunningStatistics(ReadOnlySpan<float> mean, ReadOnlySpan<float> variance)
    {
        if (mean.Length != Channels || variance.Length != Channels)
        {
            throw new ArgumentException($"{this} has {Channels} running means and variances but got {mean.Length} and {variance.Length}.", nameof(mean));
        }

        for (int c = 0; c < Channels; c++)
        {
            if (!float.IsFinite(mean[c]))
            {
                throw new ArgumentException($"Running mean {c} of {this} is {mean[c].ToString(CultureInfo.InvariantCulture)}; it must be finite.", nameof(mean));
            }

            if (!(variance[c] >= 0f) || !float.IsFinite(variance[c]))
            {
                throw new ArgumentException($"Running variance {c} of {this} is {variance[c].ToString(CultureInfo.InvariantCulture)}; it must be finite and not negative.", nameof(variance));
            }
        }

        mean.CopyTo(_runningMean);
        variance.CopyTo(_runningVariance);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">In training, a channel has a single value in the batch (one sample of a flat shape): its variance is undefined.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Matrix<float> Forward(Matrix<float> input)
    {
        CheckInput(input, nameof(input));
        int m = input.ColumnCount;
        int plane = InputShape.Height * InputShape.Width;
        long count = (long)m * plane;
        if (IsTraining && count < 2)
        {
            throw new ArgumentException(
                $"{this} normalizes each channel over the batch in training and needs more than one value per channel, but got a batch of {m} sample(s) of {InputShape}; train on batches of 2 or more, or set IsTraining to false.",
                nameof(input));
        }

        Workspace ws = _workspaces.For(m);
        ReadOnlySpan<float> x = MatrixSpans.Values(input);
        Span<float> xHat = ws.XHat;
        Span<float> y = MatrixSpans.Values(ws.Output);
        _lastTraining = IsTraining;
        if (IsTraining)
        {
            Span<float> mean = _sums;
            Span<float> variance = _products;
            Accumulate(x, m, plane, mean, null);
            mean.Scale(1f / count);
            Center(x, m, plane, mean, xHat);
            Accumulate(xHat, m, plane, variance, xHat);
            variance.Scale(1f / count); // biased: the normalization divides by N
            for (int c = 0; c < Channels; c++)
            {
                _inverseDeviation[c] = 1f / MathF.Sqrt(variance[c] + Epsilon);
                _runningMean[c] = ((1f - Momentum) * _runningMean[c]) + (Momentum * mean[c]);
                _runningVariance[c] = ((1f - Momentum) * _runningVariance[c]) + (Momentum * (float)(variance[c] * count / (double)(count - 1)));
            }
        }
        else
        {
            Center(x, m, plane, _runningMean, xHat);
            for (int c = 0; c < Channels; c++)
            {
                _inverseDeviation[c] = 1f / MathF.Sqrt(_runningVariance[c] + Epsilon);
            }
        }

        // X̂ = (X − μ)·(1/√(σ² + ε)), then Y = γ·X̂ + β.
        ScaleShift(xHat, m, plane, _inverseDeviation, null, xHat);
        ScaleShift(xHat, m, plane, Gamma.ValueSpan, Beta.ValueSpan, y);
        _last = ws;
        return ws.Output;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Matrix<float>? Backward(Matrix<float> outputGradient, bool computeInputGradient)
    {
        Workspace ws = _last ?? throw BackwardBeforeForward();
        CheckOutputGradient(outputGradient, ws.Output.ColumnCount, nameof(outputGradient));
        int m = outputGradient.ColumnCount;
        int plane = InputShape.Height * InputShape.Width;
        float count = (float)((long)m * plane);
        ReadOnlySpan<float> g = MatrixSpans.Values(outputGradient);
        ReadOnlySpan<float> xHat = ws.XHat;

        // ΣG and Σ G·X̂ per channel give dβ = (1/m)·ΣG and dγ = (1/m)·Σ G·X̂.
        Accumulate(g, m, plane, _sums, null);
        Accumulate(g, m, plane, _products, xHat);
        SpanKernels.Multiply(_sums, 1f / m, Beta.GradientSpan);
        SpanKernels.Multiply(_products, 1f / m, Gamma.GradientSpan);
        if (!computeInputGradient)
        {
            return null;
        }

        // dX = a·G + b·X̂ + c per channel: a = γ/√(σ² + ε); in training b = −a·Σ(G·X̂)/N and c = −a·ΣG/N, at inference b = c = 0.
        ReadOnlySpan<float> gamma = Gamma.ValueSpan;
        Span<float> a = _coefficients.AsSpan(0, Channels);
        Span<float> b = _coefficients.AsSpan(Channels, Channels);
        Span<float> c0 = _coefficients.AsSpan(2 * Channels, Channels);
        for (int c = 0; c < Channels; c++)
        {
            a[c] = gamma[c] * _inverseDeviation[c];
            b[c] = _lastTraining ? -a[c] * _products[c] / count : 0f;
            c0[c] = _lastTraining ? -a[c] * _sums[c] / count : 0f;
        }

        Span<float> dx = MatrixSpans.Values(ws.InputGradient);
        ScaleShift(g, m, plane, a, c0, dx);
        if (_lastTraining)
        {
            AddScaled(xHat, m, plane, b, dx);
        }

        return ws.InputGradient;
    }

    /// <inheritdoc />
    /// <remarks>Always with the running statistics: <c>Y = X·s + t</c> with <c>s = γ/√(σ²_run + ε)</c> and <c>t = β − μ_run·s</c>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Infer(Matrix<float> input, Matrix<float> output)
    {
        CheckInput(input, nameof(input));
        if (output.RowCount != OutputSize || output.ColumnCount != input.ColumnCount)
        {
            // The message is built only here: an interpolated argument would allocate on every prediction.
            MatrixSpans.RequireShape(output, OutputSize, input.ColumnCount, $"The output of {this}", nameof(output));
        }

        float[] rented = ArrayPool<float>.Shared.Rent(2 * Channels);
        try
        {
            Span<float> scale = rented.AsSpan(0, Channels);
            Span<float> shift = rented.AsSpan(Channels, Channels);
            ReadOnlySpan<float> gamma = Gamma.ValueSpan;
            ReadOnlySpan<float> beta = Beta.ValueSpan;
            for (int c = 0; c < Channels; c++)
            {
                scale[c] = gamma[c] / MathF.Sqrt(_runningVariance[c] + Epsilon);
                shift[c] = beta[c] - (_runningMean[c] * scale[c]);
            }

            ScaleShift(MatrixSpans.Values(input), input.ColumnCount, InputShape.Height * InputShape.Width, scale, shift, MatrixSpans.Values(output));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>Describes the layer, such as <c>BatchNorm(128)</c> for flat features or <c>BatchNorm(32×14×14)</c> for 32 channels.</summary>
    public override string ToString() => $"BatchNorm({InputShape})";

    /// <summary><c>sums[c] = Σ x</c> (or <c>Σ x·weights</c>) over channel c's values in every sample.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Accumulate(ReadOnlySpan<float> x, int m, int plane, Span<float> sums, ReadOnlySpan<float> weights)
    {
        sums.Clear();
        int size = InputSize;
        for (int j = 0; j < m; j++)
        {
            ReadOnlySpan<float> sample = x.Slice(j * size, size);
            ReadOnlySpan<float> weight = weights.IsEmpty ? default : weights.Slice(j * size, size);
            if (plane == 1)
            {
                // Flat features: one value per channel, so the sums run across the column.
                if (weights.IsEmpty)
                {
                    SpanKernels.Add(sums, sample, sums);
                }
                else
                {
                    TensorPrimitives.MultiplyAdd(sample, weight, sums, sums);
                }

                continue;
            }

            for (int c = 0; c < Channels; c++)
            {
                ReadOnlySpan<float> run = sample.Slice(c * plane, plane);
                sums[c] += weights.IsEmpty ? TensorPrimitives.Sum(run) : TensorPrimitives.Dot(run, weight.Slice(c * plane, plane));
            }
        }
    }

    /// <summary><c>result = x − mean[c]</c> over channel c's values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Center(ReadOnlySpan<float> x, int m, int plane, ReadOnlySpan<float> mean, Span<float> result)
    {
        int size = InputSize;
        for (int j = 0; j < m; j++)
        {
            ReadOnlySpan<float> sample = x.Slice(j * size, size);
            Span<float> target = result.Slice(j * size, size);
            if (plane == 1)
            {
                SpanKernels.Subtract(sample, mean, target);
                continue;
            }

            for (int c = 0; c < Channels; c++)
            {
                SpanKernels.Add(sample.Slice(c * plane, plane), -mean[c], target.Slice(c * plane, plane));
            }
        }
    }

    /// <summary><c>result = x·scale[c] + shift[c]</c> (no shift when <paramref name="shift"/> is empty) over channel c's values; result may be x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScaleShift(ReadOnlySpan<float> x, int m, int plane, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, Span<float> result)
    {
        int size = InputSize;
        for (int j = 0; j < m; j++)
        {
            ReadOnlySpan<float> sample = x.Slice(j * size, size);
            Span<float> target = result.Slice(j * size, size);
            if (plane == 1)
            {
                if (shift.IsEmpty)
                {
                    TensorPrimitives.Multiply(sample, scale, target);
                }
                else
                {
                    TensorPrimitives.MultiplyAdd(sample, scale, shift, target);
                }

                continue;
            }

            for (int c = 0; c < Channels; c++)
            {
                Span<float> run = target.Slice(c * plane, plane);
                if (shift.IsEmpty)
                {
                    SpanKernels.Multiply(sample.Slice(c * plane, plane), scale[c], run);
                }
                else
                {
                    SpanKernels.Multiply(sample.Slice(c * plane, plane), scale[c], run);
                    SpanKernels.Add(run, shift[c], run);
                }
            }
        }
    }

    /// <summary><c>result += x·factor[c]</c> over channel c's values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddScaled(ReadOnlySpan<float> x, int m, int plane, ReadOnlySpan<float> factor, Span<float> result)
    {
        int size = InputSize;
        for (int j = 0; j < m; j++)
        {
            ReadOnlySpan<float> sample = x.Slice(j * size, size);
            Span<float> target = result.Slice(j * size, size);
            if (plane == 1)
            {
                TensorPrimitives.MultiplyAdd(sample, factor, target, target);
                continue;
            }

            for (int c = 0; c < Channels; c++)
            {
                Span<float> run = target.Slice(c * plane, plane);
                SpanKernels.MultiplyAdd(sample.Slice(c * plane, plane), factor[c], run, run);
            }
        }
    }

    private sealed class Workspace(int size, int batchSize)
    {
        public Matrix<float> Output { get; } = MatrixSpans.Dense(size, batchSize);

        /// <summary>X̂ of the last Forward, size × m like the batch.</summary>
        public float[] XHat { get; } = new float[checked(size * batchSize)];

        private Matrix<float>? _inputGradient;

        public Matrix<float> InputGradient => _inputGradient ??= MatrixSpans.Dense(size, batchSize);
    }
}
