using System.Numerics;
using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using Lanes = System.Numerics.Vector<float>; // MathNet.Numerics.LinearAlgebra has a Vector<T> of its own

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
        Elementwise.Map(default(Function), MatrixSpans.Values(z), MatrixSpans.Values(a));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Backward(Matrix<float> z, Matrix<float> a, Matrix<float> outputGradient, Matrix<float> inputGradient) =>
        Elementwise.Map(default(Derivative), MatrixSpans.Values(z), MatrixSpans.Values(outputGradient), MatrixSpans.Values(inputGradient));

    /// <summary><c>a = max(z, 0)</c>, the IEEE 754 maximum (NaN stays NaN, −0 becomes +0), as TensorPrimitives.Max(z, 0).</summary>
    internal readonly struct Function : IUnaryOperator
    {
        public float Invoke(float z) => MathF.Max(z, 0f);

        public Lanes Invoke(Lanes z) => Vector.Max(z, Lanes.Zero);
    }

    /// <summary><c>dz = z &gt; 0 ? da : 0</c>.</summary>
    internal readonly struct Derivative : IBinaryOperator
    {
        public float Invoke(float z, float da) => z > 0f ? da : 0f;

        public Lanes Invoke(Lanes z, Lanes da) =>
            Vector.ConditionalSelect(Vector.GreaterThan(z, Lanes.Zero), da, Lanes.Zero);
    }
}
