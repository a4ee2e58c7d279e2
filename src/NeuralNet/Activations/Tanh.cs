using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralNet.Activations;

/// <summary>The hyperbolic tangent: <c>g(z) = tanh z</c>, with <c>g′(z) = 1 − a²</c>.</summary>
public sealed class Tanh : Activation
{
    /// <inheritdoc />
    public override string Name => "Tanh";

    /// <inheritdoc />
    public override void Forward(Matrix<float> z, Matrix<float> a) =>
        TP.Tanh(MatrixSpans.Values(z), MatrixSpans.Values(a));

    /// <inheritdoc />
    public override void Backward(Matrix<float> z, Matrix<float> a, Matrix<float> outputGradient, Matrix<float> inputGradient)
    {
        ReadOnlySpan<float> activations = MatrixSpans.Values(a);
        Span<float> result = MatrixSpans.Values(inputGradient);
        ReadOnlySpan<float> gradient = MatrixSpans.Values(outputGradient);
        for (int i = 0; i < result.Length; i++)
        {
            float ai = activations[i];
            result[i] = gradient[i] * (1f - (ai * ai));
        }
    }
}
