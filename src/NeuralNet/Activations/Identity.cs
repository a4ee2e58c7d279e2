using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using Lanes = System.Numerics.Vector<float>; // MathNet.Numerics.LinearAlgebra has a Vector<T> of its own

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
            Elementwise.Map(default(Function), MatrixSpans.Values(z), MatrixSpans.Values(a));
        }
    }

    /// <inheritdoc />
    /// <remarks>dz = g′(z)·da = da: the same copy as the forward pass.</remarks>
    public override void Backward(Matrix<float> z, Matrix<float> a, Matrix<float> outputGradient, Matrix<float> inputGradient)
    {
        if (!ReferenceEquals(outputGradient, inputGradient))
        {
            Elementwise.Map(default(Function), MatrixSpans.Values(outputGradient), MatrixSpans.Values(inputGradient));
        }
    }

    /// <summary><c>a = z</c>.</summary>
    internal readonly struct Function : IUnaryOperator
    {
        public float Invoke(float z) => z;

        public Lanes Invoke(Lanes z) => z;
    }
}
