using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;

namespace NeuralNet.Activations;

/// <summary>The rectified linear unit: <c>g(z) = max(0, z)</c>.</summary>
/// <remarks>The derivative is 1 for z &gt; 0 and 0 for z ≤ 0 (0 at the kink, as in PyTorch).</remarks>
public sealed class Relu : Activation
{
    /// <inheritdoc />
    public override string Name => "ReLU";

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Forward(Matrix<float> z, Matrix<float> a) =>
        SpanKernels.MaxZero(MatrixSpans.Values(z), MatrixSpans.Values(a));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Backward(Matrix<float> z, Matrix<float> a, Matrix<float> outputGradient, Matrix<float> inputGradient) =>
        Elementwise.PassWherePositive(MatrixSpans.Values(z), MatrixSpans.Values(outputGradient), MatrixSpans.Values(inputGradient));
}
