using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Activations;
using NeuralNet.Compute;
using NeuralNet.Initializers;
using NeuralNet.Randomness;

namespace NeuralNet.Layers;

/// <summary>A fully-connected layer with its activation: <c>Z = W·A_prev + b</c>, <c>A = g(Z)</c>.</summary>
/// <remarks>
/// <para>W is out × in, b is out × 1 and broadcast over the m columns of the batch.</para>
/// <para>Backward, from <c>dZ</c> (computed from dA through the activation, or handed in directly by
/// <see cref="BackwardFromPreActivation"/>):
/// <c>dW = (1/m)·dZ·A_prevᵀ</c>, <c>db = (1/m)·Σ_columns dZ</c> (one sum per unit), <c>dA_prev = Wᵀ·dZ</c>.</para>
/// </remarks>
public sealed class DenseLayer : Layer
{
    private readonly BatchBuffers<Workspace> _workspaces;
    private Matrix<float>? _input;
    private Workspace? _last;

    /// <summary>Creates a layer and initializes its parameters.</summary>
    /// <param name="inputSize">Features per input sample (fan-in).</param>
    /// <param name="outputSize">Units (fan-out).</param>
    /// <param name="activation">The nonlinearity g.</param>
    /// <param name="initializer">How to draw the starting weights; default <see cref="Initializer.He"/>.</param>
    /// <param name="random">The generator to draw them from; default one seeded with 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    /// <exception cref="ArgumentException">The weights (and their gradients) do not fit one array or the machine's memory.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="activation"/> is null.</exception>
    public DenseLayer(int inputSize, int outputSize, Activation activation, Initializer? initializer = null, SeededRandom? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
        ArgumentNullException.ThrowIfNull(activation);
        _ = ElementBudget.Count(outputSize, inputSize, $"DenseLayer({inputSize}->{outputSize})'s weights", nameof(outputSize), copies: 2);

        InputSize = inputSize;
        OutputSize = outputSize;
        Activation = activation;
        Weights = new Parameter("weights", outputSize, inputSize);
        Biases = new Parameter("biases", outputSize, 1);
        Parameters = [Weights, Biases];

        initializer ??= Initializer.He;
        random ??= new SeededRandom(0);
        initializer.InitializeWeights(Weights.ValueSpan, inputSize, outputSize, random);
        initializer.InitializeBiases(Biases.ValueSpan, inputSize, random);

        _workspaces = new BatchBuffers<Workspace>(m => new Workspace(inputSize, outputSize, m));
    }

    /// <inheritdoc />
    public override int InputSize { get; }

    /// <inheritdoc />
    public override int OutputSize { get; }

    /// <summary>The nonlinearity applied to Z.</summary>
    public Activation Activation { get; }

    /// <summary>W, out × in.</summary>
    public Parameter Weights { get; }

    /// <summary>b, out × 1.</summary>
    public Parameter Biases { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Z of the last <see cref="Forward"/> call (out × m), the layer's own buffer.</summary>
    /// <exception cref="InvalidOperationException">Forward has not been called.</exception>
    public Matrix<float> PreActivations => (_last ?? throw new InvalidOperationException($"{this} has no pre-activations before Forward.")).Z;

    /// <summary>A of the last <see cref="Forward"/> call, or <see langword="null"/> before it; for the trainer's dead-layer check.</summary>
    internal Matrix<float>? LastActivations => _last?.A;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Matrix<float> Forward(Matrix<float> input)
    {
        CheckInput(input, nameof(input));
        Workspace ws = _workspaces.For(input.ColumnCount);
        ComputeZ(input, ws.Z);
        Activation.Forward(ws.Z, ws.A);
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
        Activation.Backward(ws.Z, ws.A, outputGradient, ws.DZ);
        return BackwardFromPreActivation(ws.DZ, computeInputGradient);
    }

    /// <summary>Backward from dLoss/dZ directly, skipping the activation: the path of a fused softmax + cross-entropy.</summary>
    /// <param name="preActivationGradient">dℓ_j/dZ for each sample column j (out × m).</param>
    /// <param name="computeInputGradient">Whether to compute and return dA_prev.</param>
    /// <returns>dA_prev = Wᵀ·dZ, or <see langword="null"/> when <paramref name="computeInputGradient"/> is false.</returns>
    /// <exception cref="InvalidOperationException">No <see cref="Forward"/> call came before.</exception>
    /// <exception cref="ArgumentException">The gradient's shape differs from the last output's.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Matrix<float>? BackwardFromPreActivation(Matrix<float> preActivationGradient, bool computeInputGradient = true)
    {
        Workspace ws = _last ?? throw BackwardBeforeForward();
        CheckOutputGradient(preActivationGradient, ws.A.ColumnCount, nameof(preActivationGradient));
        Matrix<float> input = _input!;
        float inverseM = 1f / input.ColumnCount;
        MatrixMultiplier gemm = ComputeBackend.Multiplier;

        gemm.MultiplyTransposeRight(preActivationGradient, input, Weights.Gradient, inverseM); // dW = (1/m)·dZ·A_prevᵀ
        Elementwise.SumColumns(preActivationGradient, Biases.GradientSpan, inverseM);          // db = (1/m)·Σ_columns dZ
        if (!computeInputGradient)
        {
            return null;
        }

        gemm.MultiplyTransposeLeft(Weights.Value, preActivationGradient, ws.InputGradient);  // dA_prev = Wᵀ·dZ
        return ws.InputGradient;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Infer(Matrix<float> input, Matrix<float> output)
    {
        CheckInference(input, output);
        ComputeZ(input, output);
        Activation.Forward(output, output);
    }

    /// <summary>The inference pass on <c>inputScale · input</c>, with the scale folded into the product: <c>Z = inputScale·(W·input) + b</c>.</summary>
    /// <returns>
    /// Whether every pre-activation came out finite. With finite parameters and a finite, nonzero scale this is the
    /// inputs' own finiteness check at <c>OutputSize / InputSize</c> of the reads: a NaN feature makes every sum of its
    /// column NaN, and an infinite one gives ±∞ (or NaN, where its weight is 0 or terms of both signs meet) in every
    /// row of it. It is read before the activation, which could map −∞ to a finite 0.
    /// </returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool Infer(Matrix<float> input, Matrix<float> output, float inputScale)
    {
        CheckInference(input, output);
        ComputeZ(input, output, inputScale);
        bool finite = Elementwise.AllFinite(MatrixSpans.Values(output));
        Activation.Forward(output, output);
        return finite;
    }

    /// <summary>The inference pass on one sample read from <paramref name="input"/> itself (no copy into a matrix), with the scale folded in as in <see cref="Infer(Matrix{float}, Matrix{float}, float)"/>.</summary>
    /// <returns>Whether every pre-activation came out finite (see the other form).</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool InferSample(ReadOnlySpan<float> input, Matrix<float> output, float inputScale)
    {
        if (output.RowCount != OutputSize || output.ColumnCount != 1)
        {
            RequireOutputShape(output, 1);
        }

        Span<float> z = MatrixSpans.Values(output);
        ComputeBackend.Multiplier.Multiply(false, false, OutputSize, 1, InputSize, inputScale, MatrixSpans.Values(Weights.Value), OutputSize, input, InputSize, z, OutputSize);
        Elementwise.AddToEachColumn(output, Biases.ValueSpan);
        bool finite = Elementwise.AllFinite(z);
        Activation.Forward(output, output);
        return finite;
    }

    /// <summary>Describes the layer, such as <c>DenseLayer(784->128, ReLU)</c>.</summary>
    public override string ToString() => $"DenseLayer({InputSize}->{OutputSize}, {Activation})";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckInference(Matrix<float> input, Matrix<float> output)
    {
        CheckInput(input, nameof(input));
        if (output.RowCount != OutputSize || output.ColumnCount != input.ColumnCount)
        {
            RequireOutputShape(output, input.ColumnCount);
        }
    }

    // The message is built only here: an interpolated argument would allocate on every prediction, and compiling it in
    // the optimized caller would cost the first prediction (see the remarks of Compute.Elementwise).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RequireOutputShape(Matrix<float> output, int columns) =>
        MatrixSpans.RequireShape(output, OutputSize, columns, $"The output of {this}", nameof(output));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ComputeZ(Matrix<float> input, Matrix<float> z, float inputScale = 1f)
    {
        ComputeBackend.Multiplier.Multiply(Weights.Value, input, z, inputScale); // Z = W·A_prev
        Elementwise.AddToEachColumn(z, Biases.ValueSpan);            //   + b, broadcast over the columns
    }

    private sealed class Workspace(int inputSize, int outputSize, int batchSize)
    {
        public Matrix<float> Z { get; } = MatrixSpans.Dense(outputSize, batchSize);

        public Matrix<float> A { get; } = MatrixSpans.Dense(outputSize, batchSize);

        public Matrix<float> DZ { get; } = MatrixSpans.Dense(outputSize, batchSize);

        private Matrix<float>? _inputGradient;

        // Made on first use: the first layer never needs it, and for full-batch training over 60,000 MNIST images
        // it would be a 188 MB matrix.
        public Matrix<float> InputGradient => _inputGradient ??= MatrixSpans.Dense(inputSize, batchSize);
    }
}
