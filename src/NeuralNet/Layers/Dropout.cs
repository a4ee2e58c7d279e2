using System.Globalization;
using System.Runtime.InteropServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using NeuralNet.Randomness;

namespace NeuralNet.Layers;

/// <summary>Inverted dropout: in training, zeroes each value with probability p and scales the survivors by 1/(1 − p).</summary>
/// <remarks>
/// <para>Srivastava et al., "Dropout: A Simple Way to Prevent Neural Networks from Overfitting", JMLR 2014, in the
/// inverted form of PyTorch's <c>nn.Dropout</c>: the scaling happens in training, so inference is the identity and the
/// expected output of every unit is the same in both modes.</para>
/// <para>Forward in training mode (<see cref="Layer.IsTraining"/> true, p &gt; 0) draws a mask M with
/// <c>M_ij = 1/(1 − p)</c> with probability 1 − p and 0 otherwise, and computes <c>A = A_prev ⊙ M</c>.
/// Backward applies the same mask: <c>dA_prev = dA ⊙ M</c>. Each value takes 16 random bits, so the keep
/// probability is 1 − p rounded to a multiple of 2⁻¹⁶ (exact for 0.5, 0.25, ...; within 2⁻¹⁷ for any p), while the
/// kept values are scaled by exactly 1/(1 − p).</para>
/// <para>With <see cref="Layer.IsTraining"/> false or p = 0, Forward and Backward copy their argument; <see cref="Infer"/>
/// always copies. Size × m batches in and out; no parameters. Every training Forward draws a new mask from the
/// layer's own generator, so equal seeds give equal sequences of masks.</para>
/// </remarks>
public sealed class Dropout : Layer
{
    // 16 random bits per value, four per 64-bit draw: the generator is most of a mask's cost, and a keep probability
    // rounded to a multiple of 2⁻¹⁶ is off by at most 2⁻¹⁷ (0.5, 0.25, ... are exact), far below any mask's sampling noise.
    private const double ThresholdScale = 65536.0;

    private readonly BatchBuffers<Workspace> _workspaces;
    private readonly uint _threshold;
    private readonly float _scale;
    private Workspace? _last;
    private bool _lastMasked;

    /// <summary>Creates a dropout layer.</summary>
    /// <param name="size">Features per sample, in and out.</param>
    /// <param name="rate">The probability p of dropping each value, in [0, 1).</param>
    /// <param name="seed">The seed of the mask generator: equal seeds give equal masks; default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is not positive, or <paramref name="rate"/> is not in [0, 1).</exception>
    public Dropout(int size, float rate, long seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (!(rate >= 0f && rate < 1f))
        {
            throw new ArgumentOutOfRangeException(
                nameof(rate), $"The dropout rate is the probability of dropping a value and must lie in [0, 1), but got {rate.ToString(CultureInfo.InvariantCulture)}.");
        }

        InputSize = size;
        Rate = rate;
        Random = new SeededRandom(seed);
        _threshold = (uint)Math.Round(rate * ThresholdScale);
        _scale = 1f / (1f - rate);
        _workspaces = new BatchBuffers<Workspace>(m => new Workspace(size, m, withMask: rate > 0f));
    }

    /// <inheritdoc />
    public override int InputSize { get; }

    /// <inheritdoc />
    public override int OutputSize => InputSize;

    /// <summary>The probability p of dropping each value in training.</summary>
    public float Rate { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => [];

    /// <summary>The generator the masks come from, so that a checkpoint can save and restore its state.</summary>
    internal SeededRandom Random { get; }

    /// <inheritdoc />
    public override Matrix<float> Forward(Matrix<float> input)
    {
        CheckInput(input, nameof(input));
        Workspace ws = _workspaces.For(input.ColumnCount);
        Span<float> output = MatrixSpans.Values(ws.Output);
        _lastMasked = IsTraining && Rate > 0f;
        if (_lastMasked)
        {
            DrawMask(ws);
            SpanKernels.Multiply(MatrixSpans.Values(input), ws.Mask, output); // A = A_prev ⊙ M
        }
        else
        {
            MatrixSpans.Values(input).CopyTo(output);
        }

        _last = ws;
        return ws.Output;
    }

    /// <inheritdoc />
    public override Matrix<float>? Backward(Matrix<float> outputGradient, bool computeInputGradient)
    {
        Workspace ws = _last ?? throw BackwardBeforeForward();
        CheckOutputGradient(outputGradient, ws.Output.ColumnCount, nameof(outputGradient));
        if (!computeInputGradient)
        {
            return null;
        }

        Span<float> inputGradient = MatrixSpans.Values(ws.InputGradient);
        if (_lastMasked)
        {
            SpanKernels.Multiply(MatrixSpans.Values(outputGradient), ws.Mask, inputGradient); // dA_prev = dA ⊙ M
        }
        else
        {
            MatrixSpans.Values(outputGradient).CopyTo(inputGradient);
        }

        return ws.InputGradient;
    }

    /// <inheritdoc />
    /// <remarks>Dropout is the identity at inference: the output is a copy of the input.</remarks>
    public override void Infer(Matrix<float> input, Matrix<float> output)
    {
        CheckInput(input, nameof(input));
        if (output.RowCount != OutputSize || output.ColumnCount != input.ColumnCount)
        {
            // The message is built only here: an interpolated argument would allocate on every prediction.
            MatrixSpans.RequireShape(output, OutputSize, input.ColumnCount, $"The output of {this}", nameof(output));
        }

        MatrixSpans.Values(input).CopyTo(MatrixSpans.Values(output));
    }

    /// <summary>Describes the layer, such as <c>Dropout(0.5)</c>.</summary>
    public override string ToString() => $"Dropout({Rate.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>The seed <see cref="Network.Create"/> gives the dropout layer at <paramref name="layerIndex"/> of a network seeded with <paramref name="networkSeed"/>.</summary>
    /// <remarks>The index goes in the high 32 bits (never 0) and the seed in the low ones, so no two layers, and no layer and
    /// the weights' generator (seeded with the network seed itself), share a sequence.</remarks>
    internal static long SeedFor(int networkSeed, int layerIndex) => ((long)(layerIndex + 1) << 32) | (uint)networkSeed;

    /// <summary>Fills the workspace's mask with 1/(1 − p) where a uniform 16-bit draw reaches p·2¹⁶, and 0 elsewhere.</summary>
    private void DrawMask(Workspace ws)
    {
        Random.Fill(ws.Draws);
        Span<ushort> draws = MemoryMarshal.Cast<ulong, ushort>(ws.Draws.AsSpan());
        if (!BitConverter.IsLittleEndian)
        {
            // Value 4k + j takes bits 16j to 16j + 15 of draw k on every machine, so a seed gives the same masks everywhere.
            Span<ulong> words = ws.Draws;
            for (int k = 0; k < words.Length; k++)
            {
                ulong halves = ulong.RotateLeft(words[k], 32);
                words[k] = ((halves & 0x0000FFFF0000FFFFUL) << 16) | ((halves >> 16) & 0x0000FFFF0000FFFFUL);
            }
        }

        Elementwise.ThresholdMask(draws, _threshold, _scale, ws.Mask);
    }

    private sealed class Workspace(int size, int batchSize, bool withMask)
    {
        public Matrix<float> Output { get; } = MatrixSpans.Dense(size, batchSize);

        public Matrix<float> InputGradient { get; } = MatrixSpans.Dense(size, batchSize);

        /// <summary>M, size × m column-major like the batch: 0 or 1/(1 − p); empty when p = 0, which never masks.</summary>
        public float[] Mask { get; } = withMask ? new float[checked(size * batchSize)] : [];

        /// <summary>The random bits of the next mask, 16 per value.</summary>
        public ulong[] Draws { get; } = withMask ? new ulong[((long)size * batchSize + 3) / 4] : [];
    }
}
