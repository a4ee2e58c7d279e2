using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;

namespace NeuralNet.Activations;

/// <summary>The logistic function: <c>g(z) = 1 / (1 + e^(−z))</c>, with <c>g′(z) = a(1 − a)</c>.</summary>
public sealed class Sigmoid : Activation
{
    /// <inheritdoc />
    public override string Name => "Sigmoid";

    /// <inheritdoc />
    public override void Forward(Matrix<float> z, Matrix<float> a) =>
        TensorPrimitives.Sigmoid(MatrixSpans.Values(z), MatrixSpans.Values(a));

    /// <inheritdoc />
    public override void Backward(Matrix<float> z, Matrix<float> a, Matrix<float> outputGradient, Matrix<float> inputGradient)
    {
        ReadOnlySpan<float> activations = MatrixSpans.Values(a);
        Span<float> result = MatrixSpans.Values(inputGradient);
        ReadOnlySpan<float> gradient = MatrixSpans.Values(outputGradient);
        for (int i = 0; i < result.Length; i++)
        {
            float ai = activations[i];
            result[i] = gradient[i] * ai * (1f - ai);
        }
    }
}
