using System.Numerics;
using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using Lanes = System.Numerics.Vector<float>; // MathNet.Numerics.LinearAlgebra has a Vector<T> of its own

namespace NeuralNet.Activations;

/// <summary>The hyperbolic tangent: <c>g(z) = tanh z</c>, with <c>g′(z) = 1 − a²</c>.</summary>
/// <remarks>The forward pass is TensorPrimitives.Tanh, whose vector tanh defines the bits the library has always
/// computed. Unlike <see cref="Sigmoid"/> it has no form of the library's own (near 0, tanh needs more than the
/// exponential to stay accurate), so a tanh layer's first epochs still run TensorPrimitives' code unoptimized at first.</remarks>
public sealed class Tanh : Activation
{
    /// <inheritdoc />
    public override string Name => "Tanh";

    /// <inheritdoc />
    public override void Forward(Matrix<float> z, Matrix<float> a) =>
        TensorPrimitives.Tanh(MatrixSpans.Values(z), MatrixSpans.Values(a));

    /// <inheritdoc />
    public override void Backward(Matrix<float> z, Matrix<float> a, Matrix<float> outputGradient, Matrix<float> inputGradient) =>
        Elementwise.Map(default(Derivative), MatrixSpans.Values(a), MatrixSpans.Values(outputGradient), MatrixSpans.Values(inputGradient));

    /// <summary><c>dz = da · (1 − a²)</c>, from the activation a = g(z).</summary>
    internal readonly struct Derivative : IBinaryOperator
    {
        public float Invoke(float a, float da) => da * (1f - (a * a));

        public Lanes Invoke(Lanes a, Lanes da) => da * (Lanes.One - (a * a));
    }
}
