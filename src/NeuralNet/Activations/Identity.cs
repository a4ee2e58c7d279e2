using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;

namespace NeuralNet.Activations;

/// <summary>No nonlinearity: <c>g(z) = z</c>, <c>g′(z) = 1</c>; for regression outputs.</summary>
public sealed class Identity : Activation
{
    /// <inheritdoc />
    public override string Name => "Identity";

    /// <inheritdoc />
    public override void Forward(Matrix<float> z, Matrix<float> a)
    {
        if (!ReferenceEquals(z, a))
        {
            MatrixSpans.Values(z).CopyTo(MatrixSpans.Values(a));
        }
    }

    /// <inheritdoc />
    public override void Backward(Matrix<float> z, Matrix<float> a, Matrix<float> outputGradient, Matrix<float> inputGradient)
    {
        if (!ReferenceEquals(outputGradient, inputGradient))
        {
            MatrixSpans.Values(outputGradient).CopyTo(MatrixSpans.Values(inputGradient));
        }
    }
}
