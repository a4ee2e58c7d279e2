using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;

namespace NeuralNet.Layers;

/// <summary>One differentiable stage of a network.</summary>
/// <remarks>
/// <para>Batches are features × m, one sample per column. A column is read as <see cref="InputShape"/>, C × H × W
/// channel-major (value (c, y, x) at row <c>c·H·W + y·W + x</c>, as in PyTorch's NCHW); fully-connected layers see flat
/// samples (n × 1 × 1). A flat layer after an image layer takes the flattened C·H·W values of the column as they are:
/// no reshaping layer is needed, only equal sizes.</para>
/// <para><see cref="Forward"/> is the training pass: it remembers what <see cref="Backward(Matrix{float})"/> needs (including a
/// reference to its input, which must not change until Backward). <see cref="Backward(Matrix{float})"/> overwrites each parameter's
/// gradient (there is nothing to zero by hand) and returns dLoss/dInput. The matrices both return are the layer's own
/// buffers, reused by the next call with the same batch size; copy them to keep them.</para>
/// <para><see cref="Infer"/> is the inference pass: it touches no state of the layer, so any number of threads may
/// call it at once, and layers such as dropout behave as at inference time.</para>
/// </remarks>
public abstract class Layer
{
    /// <summary>Features per input sample.</summary>
    public abstract int InputSize { get; }

    /// <summary>Whether <see cref="Forward"/> behaves as in training (dropout drops) or as at inference; default true.</summary>
    /// <remarks>Like PyTorch's <c>module.train()</c> / <c>module.eval()</c>; <see cref="Network.IsTraining"/> sets every layer's.
    /// <see cref="Infer"/> always behaves as at inference, whatever this says.</remarks>
    public bool IsTraining { get; set; } = true;

    /// <summary>Features per output sample.</summary>
    public abstract int OutputSize { get; }

    /// <summary>How a column of the input batch is read; flat (<see cref="InputSize"/> × 1 × 1) unless the layer works on images.</summary>
    public virtual SampleShape InputShape => SampleShape.Flat(InputSize);

    /// <summary>How a column of the output batch is laid out; flat (<see cref="OutputSize"/> × 1 × 1) unless the layer produces images.</summary>
    public virtual SampleShape OutputShape => SampleShape.Flat(OutputSize);

    /// <summary>Trainable values and their gradients; empty for layers without parameters.</summary>
    public abstract IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Computes the output batch (OutputSize × m) and remembers what <see cref="Backward(Matrix{float})"/> needs.</summary>
    /// <exception cref="ArgumentException">The input does not have <see cref="InputSize"/> rows.</exception>
    public abstract Matrix<float> Forward(Matrix<float> input);

    /// <summary>Overwrites each parameter's gradient and returns dLoss/dInput (InputSize × m).</summary>
    /// <param name="outputGradient">dℓ_j/dOutput for each sample column j, as <see cref="Losses.Loss.Gradient"/> produces.</param>
    /// <exception cref="InvalidOperationException">No <see cref="Forward"/> call came before.</exception>
    /// <exception cref="ArgumentException">The gradient's shape differs from the last output's.</exception>
    public Matrix<float> Backward(Matrix<float> outputGradient) => Backward(outputGradient, computeInputGradient: true)!;

    /// <summary>Overwrites each parameter's gradient and, when asked, returns dLoss/dInput (InputSize × m).</summary>
    /// <param name="outputGradient">dℓ_j/dOutput for each sample column j, as <see cref="Losses.Loss.Gradient"/> produces.</param>
    /// <param name="computeInputGradient">
    /// Whether to compute dLoss/dInput. The first layer of a network skips it: nothing consumes the gradient of the data,
    /// and for a 784-wide input it is one of the three largest products of a step.
    /// </param>
    /// <returns>dLoss/dInput, or <see langword="null"/> when <paramref name="computeInputGradient"/> is false.</returns>
    /// <exception cref="InvalidOperationException">No <see cref="Forward"/> call came before.</exception>
    /// <exception cref="ArgumentException">The gradient's shape differs from the last output's.</exception>
    public abstract Matrix<float>? Backward(Matrix<float> outputGradient, bool computeInputGradient);

    /// <summary>Computes the inference-time output of <paramref name="input"/> into <paramref name="output"/> without touching the layer's state.</summary>
    /// <exception cref="ArgumentException">A matrix has the wrong shape.</exception>
    public abstract void Infer(Matrix<float> input, Matrix<float> output);

    /// <summary>Throws an <see cref="InvalidOperationException"/> naming this layer when Backward comes before any Forward.</summary>
    protected InvalidOperationException BackwardBeforeForward() =>
        new($"Backward was called before Forward on {this}.");

    /// <summary>Throws an <see cref="ArgumentException"/> naming this layer unless <paramref name="gradient"/> is shaped like the last output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected void CheckOutputGradient(Matrix<float> gradient, int columns, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(gradient, parameterName);
        if (gradient.RowCount != OutputSize || gradient.ColumnCount != columns)
        {
            throw GradientMismatch(gradient, columns, parameterName);
        }
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming this layer unless <paramref name="input"/> has <see cref="InputSize"/> rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected void CheckInput(Matrix<float> input, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(input, parameterName);
        if (input.RowCount != InputSize)
        {
            throw InputMismatch(input, parameterName);
        }
    }

    // The messages are built apart, compiled only when one is thrown (see the remarks of Compute.Elementwise).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ArgumentException GradientMismatch(Matrix<float> gradient, int columns, string parameterName) =>
        new($"{this} produced a {OutputSize}x{columns} output in Forward but Backward got a {gradient.RowCount}x{gradient.ColumnCount} gradient.", parameterName);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ArgumentException InputMismatch(Matrix<float> input, string parameterName) =>
        new($"{this} expects {InputSize} features per sample but got a {input.RowCount}x{input.ColumnCount} batch.", parameterName);
}
