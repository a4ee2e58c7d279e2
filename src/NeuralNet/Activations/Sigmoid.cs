using System.Numerics;
using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using Lanes = System.Numerics.Vector<float>; // MathNet.Numerics.LinearAlgebra has a Vector<T> of its own

namespace NeuralNet.Activations;

/// <summary>The logistic function: <c>g(z) = 1 / (1 + e^(−z))</c>, with <c>g′(z) = a(1 − a)</c>.</summary>
/// <remarks>The forward pass is TensorPrimitives.Sigmoid, the bits the library has always computed: TensorPrimitives'
/// vector e^x (the same bits at every vector width) differs in the last bit from <c>MathF.Exp</c> for about half of all
/// inputs. The softmax's own exponential (<see cref="Compute.Exponential"/>, made so that the first epochs run optimized
/// code) is not used here, which would change those bits; a sigmoid layer's first epochs still run TensorPrimitives'
/// unoptimized code at first.</remarks>
public sealed class Sigmoid : Activation
{
    /// <inheritdoc />
    public override string Name => "Sigmoid";

    /// <inheritdoc />
    public override void Forward(Matrix<float> z, Matrix<float> a) =>
        TensorPrimitives.Sigmoid(MatrixSpans.Values(z), MatrixSpans.Values(a));

    /// <inheritdoc />
    public override void Backward(Matrix<float> z, Matrix<float> a, Matrix<float> outputGradient, Matrix<float> inputGradient) =>
        Elementwise.Map(default(Derivative), MatrixSpans.Values(a), MatrixSpans.Values(outputGradient), MatrixSpans.Values(inputGradient));

    /// <summary><c>dz = da · a · (1 − a)</c>, from the activation a = g(z).</summary>
    internal readonly struct Derivative : IBinaryOperator
    {
        public float Invoke(float a, float da) => da * a * (1f - a);

        public Lanes Invoke(Lanes a, Lanes da) => da * a * (Lanes.One - a);
    }
}
