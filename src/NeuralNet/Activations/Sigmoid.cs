using System.Numerics;
using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using Doubles = System.Numerics.Vector<double>;
using Lanes = System.Numerics.Vector<float>; // MathNet.Numerics.LinearAlgebra has a Vector<T> of its own

namespace NeuralNet.Activations;

/// <summary>The logistic function: <c>g(z) = 1 / (1 + e^(−z))</c>, with <c>g′(z) = a(1 − a)</c>.</summary>
/// <remarks>The forward pass computes <c>1 / (1 + e^(−z))</c> in double precision with the softmax's exponential
/// (<see cref="Compute.Exponential"/>) and rounds once to float: within one unit in the last place of the nearest float,
/// 0 and 1 exactly where the float result is, NaN for NaN. It is the library's own, not TensorPrimitives.Sigmoid, so
/// that it is compiled optimized from the first batch: through TensorPrimitives, a 784-128-10 network with sigmoid
/// hidden units took 2.4–3.1 times as long for its first epoch as for a later one; with this function 1.7–2.0 times, as
/// a ReLU network (1.6–2.0; three processes each, AVX2).</remarks>
public sealed class Sigmoid : Activation
{
    /// <inheritdoc />
    public override string Name => "Sigmoid";

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Forward(Matrix<float> z, Matrix<float> a) =>
        Elementwise.Map(default(Function), MatrixSpans.Values(z), MatrixSpans.Values(a));

    /// <inheritdoc />
    public override void Backward(Matrix<float> z, Matrix<float> a, Matrix<float> outputGradient, Matrix<float> inputGradient) =>
        Elementwise.Map(default(Derivative), MatrixSpans.Values(a), MatrixSpans.Values(outputGradient), MatrixSpans.Values(inputGradient));

    /// <summary><c>a = 1 / (1 + e^(−z))</c>, in double precision and rounded once.</summary>
    internal readonly struct Function : IUnaryOperator
    {
        public float Invoke(float z) => float.IsNaN(z) ? z : (float)(1.0 / (1.0 + Exponential.Exp(-(double)z)));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Lanes Invoke(Lanes z)
        {
            Vector.Widen(z, out Doubles low, out Doubles high);
            Lanes a = Vector.Narrow(Logistic(low), Logistic(high));
            return Vector.ConditionalSelect(Vector.Equals(z, z), a, z);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Doubles Logistic(Doubles z) =>
            Doubles.One / (Doubles.One + Exponential.Exp(-z));
    }

    /// <summary><c>dz = da · a · (1 − a)</c>, from the activation a = g(z).</summary>
    internal readonly struct Derivative : IBinaryOperator
    {
        public float Invoke(float a, float da) => da * a * (1f - a);

        public Lanes Invoke(Lanes a, Lanes da) => da * a * (Lanes.One - a);
    }
}
