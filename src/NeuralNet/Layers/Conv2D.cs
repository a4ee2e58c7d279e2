// Over 250 lines: the layer's forward and backward formulas with the per-sample lowering, split across cores, that runs them; one idea in two directions.
using System.Globalization;
using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Activations;
using NeuralNet.Compute;
using NeuralNet.Initializers;
using NeuralNet.Randomness;

namespace NeuralNet.Layers;

/// <summary>A 2-D convolution with zero padding and its activation: <c>Z[o] = b[o] + Σ_c W[o, c] ⋆ X[c]</c>, <c>A = g(Z)</c>.</summary>
/// <remarks>
/// <para>Each column of the batch is one sample, read as <see cref="InputShape"/> C_in × H × W and written as
/// <see cref="OutputShape"/> C_out × H_out × W_out, both channel-major (value (c, y, x) at row <c>c·H·W + y·W + x</c>,
/// PyTorch's NCHW order). With kernel k, stride s and padding p, <c>H_out = ⌊(H + 2p − k)/s⌋ + 1</c> (W_out likewise) and
/// <c>Z[o, oy, ox] = b[o] + Σ_{c, ky, kx} W[o, c, ky, kx] · X[c, oy·s + ky − p, ox·s + kx − p]</c>, X being 0 in the padding
/// (a cross-correlation, as in every deep-learning library).</para>
/// <para>The weights are the K × C_out matrix <see cref="Weights"/>, K = C_in·k·k: column o is filter o, laid out like a
/// sample, C_in × k × k channel-major (row <c>(c·k + ky)·k + kx</c>). Its storage is therefore PyTorch's and ONNX's
/// <c>[C_out, C_in, k, k]</c> weight tensor as it lies in memory. The biases are C_out × 1, one per output channel.</para>
/// <para>Each sample is lowered to its columns matrix Q (P × K, P = H_out·W_out positions: column (c, ky, kx) holds the
/// input value under that tap for every position; see im2col), so that every product goes through the library's one
/// seam, <c>ComputeBackend</c>'s matrix multiplier:</para>
/// <list type="bullet">
/// <item><description>Forward, per sample j: <c>Z_j = Q_j·W</c> (P × C_out, the output sample), <c>+ b</c> per channel; <c>A = g(Z)</c>.</description></item>
/// <item><description>Backward, from <c>dZ = dA ⊙ g′(Z)</c>: <c>dW = (1/m)·Σ_j Q_jᵀ·dZ_j</c>, <c>db[o] = (1/m)·Σ_j Σ_positions dZ_j[·, o]</c>,
/// and <c>dQ_j = dZ_j·Wᵀ</c>, from which col2im gives <c>dX_j</c>: every entry of dQ_j added back to the input value
/// its entry of Q_j was copied from (padding entries are dropped).</description></item>
/// </list>
/// <para>The samples of a batch are cut into up to 8 ranges that the cores claim; each range lowers and multiplies its
/// own samples with one-thread products, and sums its own part of dW, the parts added in a fixed order (so results do
/// not depend on the cores). ReLU and the identity are applied per sample in the same pass, while Z_j is in the cache.
/// Q is recomputed in Backward rather than kept: one sample's Q stays in the cache, a batch's would not. Backward
/// overwrites the gradients; with <c>computeInputGradient</c> false (the first layer) dQ and col2im are skipped.</para>
/// </remarks>
public sealed unsafe class Conv2D : Layer
{
    // Below about 10 µs of multiply-adds per part, handing samples to a helper costs more than it saves.
    private const long MinimumMultiplyAddsPerPart = 1L << 19;

    private readonly ConvolutionLowering _lowering;
    private readonly FusedActivation _fused;
    private readonly BatchBuffers<Workspace> _workspaces;

    // Scratch of the thread that lowers a sample (the caller or a product helper), never of the layer: many threads may
    // infer at once, and a part of a batch may run on any of them. Grown when a larger layer needs more, kept after.
    [ThreadStatic]
    private static float[]? _columns;

    [ThreadStatic]
    private static float[]? _columnGradients;

    [ThreadStatic]
    private static float[]? _padded;

    [ThreadStatic]
    private static float[]? _temporary;

    private Matrix<float>? _input;
    private Workspace? _last;
    private TrainingScratch? _scratch;

    /// <summary>Creates a convolution layer and initializes its filters.</summary>
    /// <param name="inputShape">C_in × H × W of each input sample.</param>
    /// <param name="outputChannels">C_out, the number of filters.</param>
    /// <param name="kernelSize">k: each filter is C_in × k × k.</param>
    /// <param name="activation">The nonlinearity g.</param>
    /// <param name="stride">s, the step between two positions of a filter; default 1.</param>
    /// <param name="padding">p, zeros added on each side of each input plane; default 0. (k − 1)/2 keeps H × W at stride 1 for odd k.</param>
    /// <param name="initializer">How to draw the starting weights, with fan-in C_in·k·k and fan-out C_out·k·k (as PyTorch counts them); default <see cref="Initializer.He"/>.</param>
    /// <param name="random">The generator to draw them from; default one seeded with 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension, the channel count, the kernel size or the stride is not positive, or the padding is negative.</exception>
    /// <exception cref="ArgumentException">The kernel does not fit in the padded input.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="activation"/> is null.</exception>
    public Conv2D(
        SampleShape inputShape,
        int outputChannels,
        int kernelSize,
        Activation activation,
        int stride = 1,
        int padding = 0,
        Initializer? initializer = null,
        SeededRandom? random = null)
    {
        InputShape = SampleShape.Image(inputShape.Channels, inputShape.Height, inputShape.Width, nameof(inputShape));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentNullException.ThrowIfNull(activation);
        if (inputShape.Height + (2 * padding) < kernelSize || inputShape.Width + (2 * padding) < kernelSize)
        {
            throw new ArgumentException(
                $"A {kernelSize}×{kernelSize} kernel does not fit in a {inputShape} input with padding {padding}: the padded planes are {inputShape.Height + (2 * padding)}×{inputShape.Width + (2 * padding)}.",
                nameof(kernelSize));
        }

        OutputChannels = outputChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        Activation = activation;
        _lowering = new ConvolutionLowering(InputShape, kernelSize, stride, padding);
        _fused = activation switch
        {
            Relu => FusedActivation.Relu,
            Identity => FusedActivation.Identity,
            _ => FusedActivation.None,
        };
        OutputShape = SampleShape.Image(outputChannels, _lowering.OutputHeight, _lowering.OutputWidth, nameof(outputChannels));

        int taps = _lowering.Taps;
        Weights = new Parameter("weights", taps, outputChannels);
        Biases = new Parameter("biases", outputChannels, 1);
        Parameters = [Weights, Biases];

        initializer ??= Initializer.He;
        random ??= new SeededRandom(0);
        initializer.InitializeWeights(Weights.ValueSpan, taps, outputChannels * kernelSize * kernelSize, random);
        initializer.InitializeBiases(Biases.ValueSpan, taps, random);

        int inputSize = InputShape.Size;
        int outputSize = OutputShape.Size;
        _workspaces = new BatchBuffers<Workspace>(m => new Workspace(inputSize, outputSize, m));
    }

    /// <inheritdoc />
    public override int InputSize => InputShape.Size;

    /// <inheritdoc />
    public override int OutputSize => OutputShape.Size;

    /// <inheritdoc />
    /// <remarks>C_in × H × W.</remarks>
    public override SampleShape InputShape { get; }

    /// <inheritdoc />
    /// <remarks>C_out × H_out × W_out.</remarks>
    public override SampleShape OutputShape { get; }

    /// <summary>C_in, the channels of an input sample.</summary>
    public int InputChannels => InputShape.Channels;

    /// <summary>C_out, the number of filters and of output channels.</summary>
    public int OutputChannels { get; }

    /// <summary>k: filters are k × k.</summary>
    public int KernelSize { get; }

    /// <summary>s, the step between two positions of a filter.</summary>
    public int Stride { get; }

    /// <summary>p, the zeros added on each side of every input plane.</summary>
    public int Padding { get; }

    /// <summary>The nonlinearity applied to Z.</summary>
    public Activation Activation { get; }

    /// <summary>The filters, K × C_out with K = C_in·k·k: column o is filter o, C_in × k × k channel-major (PyTorch's <c>[C_out, C_in, k, k]</c> in memory).</summary>
    public Parameter Weights { get; }

    /// <summary>b, C_out × 1: one bias per output channel.</summary>
    public Parameter Biases { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Z of the last <see cref="Forward"/> call (OutputSize × m), the layer's own buffer.</summary>
    /// <exception cref="InvalidOperationException">Forward has not been called.</exception>
    public Matrix<float> PreActivations => (_last ?? throw new InvalidOperationException($"{this} has no pre-activations before Forward.")).Z;

    /// <summary>A of the last <see cref="Forward"/> call, or <see langword="null"/> before it; for the trainer's dead-layer check.</summary>
    internal Matrix<float>? LastActivations => _last?.A;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Matrix<float> Forward(Matrix<float> input)
    {
        CheckInput(input, nameof(input));
        int m = input.ColumnCount;
        Workspace ws = _workspaces.For(m);
        RunForward(input, ws.Z, ws.A, PartsFor(m));
        if (_fused == FusedActivation.None)
        {
            Activation.Forward(ws.Z, ws.A);
        }

        _input = input;
        _last = ws;
        return ws.A;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Matrix<float>? Backward(Matrix<float> outputGradient, bool computeInputGradient)
    {
        Workspace ws = _last ?? throw BackwardBeforeForward();
        CheckOutputGradient(outputGradient, ws.A.ColumnCount, nameof(outputGradient));
        if (_fused == FusedActivation.None)
        {
            Activation.Backward(ws.Z, ws.A, outputGradient, ws.DZ);
        }

        Matrix<float> input = _input!;
        int m = input.ColumnCount;
        int parts = PartsFor(m);
        TrainingScratch scratch = Scratch(parts);
        int taps = _lowering.Taps;
        int weightCount = taps * OutputChannels;
        fixed (float* x = MatrixSpans.Array(input), dz = MatrixSpans.Array(ws.DZ), w = Weights.ValueSpan, dw = Weights.GradientSpan)
        fixed (float* z = MatrixSpans.Array(ws.Z), da = MatrixSpans.Array(outputGradient))
        fixed (float* db = Biases.GradientSpan, partials = scratch.WeightPartials, biasPartials = scratch.BiasPartials)
        fixed (float* dx = computeInputGradient ? MatrixSpans.Array(ws.InputGradient) : null)
        {
            var job = new Job
            {
                Lowering = _lowering,
                X = x,
                Z = z,
                A = da,
                DZ = _fused == FusedActivation.Identity ? da : dz,
                Fused = _fused,
                W = w,
                Dx = dx,
                WeightSums = dw,
                WeightPartials = partials,
                BiasSums = biasPartials,
                Samples = m,
                Parts = parts,
                OutputChannels = OutputChannels,
                InputSize = InputSize,
                OutputSize = OutputSize,
            };
            SampleParallel.Run(&BackwardPart, &job, parts);

            // dW = (1/m)·Σ_parts Σ_j Q_jᵀ·dZ_j and db = (1/m)·Σ_parts Σ_j Σ_positions dZ_j, in part order.
            var weightGradient = new Span<float>(dw, weightCount);
            for (int part = 1; part < parts; part++)
            {
                SpanKernels.Add(weightGradient, new ReadOnlySpan<float>(partials + ((long)(part - 1) * weightCount), weightCount), weightGradient);
            }

            weightGradient.Scale(1f / m);
            var biasGradient = new Span<float>(db, OutputChannels);
            new ReadOnlySpan<float>(biasPartials, OutputChannels).CopyTo(biasGradient);
            for (int part = 1; part < parts; part++)
            {
                SpanKernels.Add(biasGradient, new ReadOnlySpan<float>(biasPartials + (part * OutputChannels), OutputChannels), biasGradient);
            }

            biasGradient.Scale(1f / m);
        }

        return computeInputGradient ? ws.InputGradient : null;
    }

    /// <inheritdoc />
    /// <remarks>The columns matrices are scratch of the threads that compute them (made once per thread), never fields of the layer: nothing of the layer is written.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Infer(Matrix<float> input, Matrix<float> output)
    {
        CheckInput(input, nameof(input));
        if (output.RowCount != OutputSize || output.ColumnCount != input.ColumnCount)
        {
            // The message is built only here: an interpolated argument would allocate on every prediction.
            MatrixSpans.RequireShape(output, OutputSize, input.ColumnCount, $"The output of {this}", nameof(output));
        }

        RunForward(input, output, output, PartsFor(input.ColumnCount));

        if (_fused == FusedActivation.None)
        {
            Activation.Forward(output, output);
        }
    }

    /// <summary>Describes the layer, such as <c>Conv2D(1->32, 5×5, pad 2, ReLU)</c>; a stride other than 1 is shown as <c>stride 2</c>.</summary>
    public override string ToString()
    {
        string stride = Stride == 1 ? "" : string.Create(CultureInfo.InvariantCulture, $", stride {Stride}");
        string padding = Padding == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $", pad {Padding}");
        return string.Create(CultureInfo.InvariantCulture, $"Conv2D({InputChannels}->{OutputChannels}, {KernelSize}×{KernelSize}{stride}{padding}, {Activation})");
    }

    /// <summary>This thread's scratch array of at least <paramref name="length"/> floats (an empty one for 0), made or grown on first need.</summary>
    private static float[] ThreadScratch(ref float[]? field, int length) =>
        length == 0 ? [] : field is { } existing && existing.Length >= length ? existing : (field = new float[length]);

    private int PartsFor(int samples) =>
        SampleParallel.Parts(samples, (long)_lowering.Positions * _lowering.Taps * OutputChannels, MinimumMultiplyAddsPerPart);

    private TrainingScratch Scratch(int parts)
    {
        if (_scratch is null || _scratch.Parts != parts)
        {
            _scratch = new TrainingScratch(_lowering, OutputChannels, parts);
        }

        return _scratch;
    }

    /// <summary>Z = Q·W + b for every sample of <paramref name="input"/> into <paramref name="z"/> (and A = g(Z) into <paramref name="a"/> for a fused activation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunForward(Matrix<float> input, Matrix<float> z, Matrix<float> a, int parts)
    {
        fixed (float* x = MatrixSpans.Array(input), output = MatrixSpans.Array(z), activations = MatrixSpans.Array(a), w = Weights.ValueSpan, b = Biases.ValueSpan)
        {
            var job = new Job
            {
                Lowering = _lowering,
                X = x,
                Z = output,
                A = activations,
                Fused = _fused,
                W = w,
                B = b,
                Samples = input.ColumnCount,
                Parts = parts,
                OutputChannels = OutputChannels,
                InputSize = InputSize,
                OutputSize = OutputSize,
            };
            SampleParallel.Run(&ForwardPart, &job, parts);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardPart(void* state, int part)
    {
        Job* job = (Job*)state;
        ConvolutionLowering lowering = job->Lowering;
        int positions = lowering.Positions;
        int taps = lowering.Taps;
        fixed (float* columnsScratch = ThreadScratch(ref _columns, lowering.IsIdentity ? 0 : positions * taps), padded = ThreadScratch(ref _padded, lowering.PaddedLength))
        {
            ForwardSamples(job, part, lowering.IsIdentity ? null : columnsScratch, padded);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardSamples(Job* job, int part, float* q, float* padded)
    {
        ConvolutionLowering lowering = job->Lowering;
        int positions = lowering.Positions;
        int taps = lowering.Taps;
        int channels = job->OutputChannels;
        bool singleThreaded = job->Parts > 1;
        MatrixMultiplier gemm = ComputeBackend.Multiplier;
        var weights = new ReadOnlySpan<float>(job->W, taps * channels);
        var biases = new ReadOnlySpan<float>(job->B, channels);
        int end = SampleParallel.Start(job->Samples, part + 1, job->Parts);
        for (int j = SampleParallel.Start(job->Samples, part, job->Parts); j < end; j++)
        {
            float* x = job->X + ((long)j * job->InputSize);
            float* z = job->Z + ((long)j * job->OutputSize);
            float* columns = q;
            if (columns is null)
            {
                columns = x;
            }
            else
            {
                lowering.Im2Col(x, columns, padded);
            }

            // Z_j = Q_j·W: (P × K)·(K × C_out), stored P × C_out, which is the C_out × H_out × W_out output sample.
            gemm.Multiply(
                false, false, positions, channels, taps, 1f,
                new ReadOnlySpan<float>(columns, positions * taps), positions,
                weights, taps,
                new Span<float>(z, positions * channels), positions,
                singleThreaded);
            for (int o = 0; o < channels; o++)
            {
                var plane = new Span<float>(z + ((long)o * positions), positions);
                SpanKernels.Add(plane, biases[o], plane); // + b[o] over the channel's plane
            }

            // A_j = g(Z_j) while Z_j is still in the cache, for the activations that act value by value.
            var zSample = new ReadOnlySpan<float>(z, positions * channels);
            var aSample = new Span<float>(job->A + ((long)j * job->OutputSize), positions * channels);
            if (job->Fused == FusedActivation.Relu)
            {
                Elementwise.Map(default(Relu.Function), zSample, aSample); // A_j = max(Z_j, 0)
            }
            else if (job->Fused == FusedActivation.Identity && job->A != job->Z)
            {
                zSample.CopyTo(aSample);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackwardPart(void* state, int part)
    {
        Job* job = (Job*)state;
        ConvolutionLowering lowering = job->Lowering;
        int positions = lowering.Positions;
        int taps = lowering.Taps;
        int weightCount = taps * job->OutputChannels;
        bool lowered = !lowering.IsIdentity;
        fixed (float* columnsScratch = ThreadScratch(ref _columns, lowered ? positions * taps : 0), padded = ThreadScratch(ref _padded, lowering.PaddedLength))
        fixed (float* dqScratch = ThreadScratch(ref _columnGradients, lowered && job->Dx is not null ? positions * taps : 0))
        fixed (float* temporary = ThreadScratch(ref _temporary, weightCount))
        {
            BackwardSamples(job, part, lowered ? columnsScratch : null, lowered && job->Dx is not null ? dqScratch : null, padded, temporary);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackwardSamples(Job* job, int part, float* q, float* dq, float* padded, float* temporary)
    {
        ConvolutionLowering lowering = job->Lowering;
        int positions = lowering.Positions;
        int taps = lowering.Taps;
        int channels = job->OutputChannels;
        int weightCount = taps * channels;
        bool singleThreaded = job->Parts > 1;
        MatrixMultiplier gemm = ComputeBackend.Multiplier;
        float* sums = part == 0 ? job->WeightSums : job->WeightPartials + ((long)(part - 1) * weightCount);
        var biasSums = new Span<float>(job->BiasSums + (part * channels), channels);
        var weights = new ReadOnlySpan<float>(job->W, weightCount);
        biasSums.Clear();
        int start = SampleParallel.Start(job->Samples, part, job->Parts);
        int end = SampleParallel.Start(job->Samples, part + 1, job->Parts);
        for (int j = start; j < end; j++)
        {
            float* x = job->X + ((long)j * job->InputSize);
            float* dz = job->DZ + ((long)j * job->OutputSize);
            var dzSpan = new ReadOnlySpan<float>(dz, positions * channels);
            if (job->Fused == FusedActivation.Relu)
            {
                // dZ_j = dA_j ⊙ (Z_j > 0), ReLU's derivative, while dA_j is in the cache.
                Elementwise.Map(
                    default(Relu.Derivative),
                    new ReadOnlySpan<float>(job->Z + ((long)j * job->OutputSize), positions * channels),
                    new ReadOnlySpan<float>(job->A + ((long)j * job->OutputSize), positions * channels),
                    new Span<float>(dz, positions * channels));
            }

            float* columns = q;
            if (columns is null)
            {
                columns = x;
            }
            else
            {
                lowering.Im2Col(x, columns, padded);
            }

            // Q_jᵀ·dZ_j: (K × P)·(P × C_out), into the part's sums for its first sample, else added to them.
            float* target = j == start ? sums : temporary;
            gemm.Multiply(
                true, false, taps, channels, positions, 1f,
                new ReadOnlySpan<float>(columns, positions * taps), positions,
                dzSpan, positions,
                new Span<float>(target, weightCount), taps,
                singleThreaded);
            if (j != start)
            {
                var sumSpan = new Span<float>(sums, weightCount);
                SpanKernels.Add(sumSpan, new ReadOnlySpan<float>(temporary, weightCount), sumSpan);
            }

            for (int o = 0; o < channels; o++)
            {
                biasSums[o] += System.Numerics.Tensors.TensorPrimitives.Sum(dzSpan.Slice(o * positions, positions));
            }

            if (job->Dx is null)
            {
                continue;
            }

            // dQ_j = dZ_j·Wᵀ: (P × C_out)·(C_out × K); col2im adds each entry back where Q_j took it from.
            float* dx = job->Dx + ((long)j * job->InputSize);
            gemm.Multiply(
                false, true, positions, taps, channels, 1f,
                dzSpan, positions,
                weights, taps,
                new Span<float>(dq is null ? dx : dq, positions * taps), positions,
                singleThreaded);
            if (dq is not null)
            {
                lowering.Col2Im(dq, dx, padded);
            }
        }
    }

    /// <summary>The activations applied inside the per-sample passes (value by value, while the sample is in the cache); others run on the whole batch.</summary>
    private enum FusedActivation
    {
        None,
        Identity,
        Relu,
    }

    private struct Job
    {
        public ConvolutionLowering Lowering;
        public float* X;

        /// <summary>Z, the pre-activations.</summary>
        public float* Z;

        /// <summary>A in Forward; dA in Backward.</summary>
        public float* A;

        /// <summary>dZ in Backward (dA itself for the identity).</summary>
        public float* DZ;
        public FusedActivation Fused;
        public float* W;
        public float* B;
        public float* Dx;
        public float* WeightSums;
        public float* WeightPartials;
        public float* BiasSums;
        public int Samples;
        public int Parts;
        public int OutputChannels;
        public int InputSize;
        public int OutputSize;
    }

    /// <summary>What one training Backward needs per part besides the batch's matrices: each part's sums (partials), sized by the geometry, not the batch.</summary>
    private sealed class TrainingScratch(ConvolutionLowering lowering, int outputChannels, int parts)
    {
        public int Parts { get; } = parts;

        /// <summary>Σ_j Q_jᵀ·dZ_j of parts 1, 2, ... (part 0 sums into the gradient itself).</summary>
        public float[] WeightPartials { get; } = new float[(parts - 1) * lowering.Taps * outputChannels];

        /// <summary>Each part's Σ_j Σ_positions dZ_j, C_out per part.</summary>
        public float[] BiasPartials { get; } = new float[parts * outputChannels];
    }

    private sealed class Workspace(int inputSize, int outputSize, int batchSize)
    {
        public Matrix<float> Z { get; } = MatrixSpans.Dense(outputSize, batchSize);

        public Matrix<float> A { get; } = MatrixSpans.Dense(outputSize, batchSize);

        public Matrix<float> DZ { get; } = MatrixSpans.Dense(outputSize, batchSize);

        private Matrix<float>? _inputGradient;

        // Made on first use: the first layer never needs it.
        public Matrix<float> InputGradient => _inputGradient ??= MatrixSpans.Dense(inputSize, batchSize);
    }
}
