using System.Globalization;
using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using Lanes = System.Numerics.Vector<float>; // MathNet.Numerics.LinearAlgebra has a Vector<T> of its own

namespace NeuralNet.Activations;

/// <summary>The leaky rectified linear unit: <c>g(z) = z</c> for z &gt; 0, <c>slope·z</c> otherwise.</summary>
/// <remarks>The default slope 0.01 is PyTorch's (Keras uses 0.3). The derivative is 1 for z &gt; 0 and the slope for z ≤ 0.</remarks>
public sealed class LeakyRelu : Activation
{
    /// <summary>Creates a leaky ReLU.</summary>
    /// <param name="slope">The slope for negative inputs; default 0.01. Must be finite and in [0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> is not in [0, 1).</exception>
    public LeakyRelu(float slope = 0.01f)
    {
        if (!(slope >= 0f && slope < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(slope), slope, $"LeakyReLU's slope must be in [0, 1) but is {slope}.");
        }

        Slope = slope;
    }

    /// <summary>The slope for negative inputs.</summary>
    public float Slope { get; }

    /// <inheritdoc />
    public override string Name => Slope == 0.01f ? "LeakyReLU" : string.Create(CultureInfo.InvariantCulture, $"LeakyReLU({Slope:R})");

    /// <inheritdoc />
    public override void Forward(Matrix<float> z, Matrix<float> a) =>
        Elementwise.Map(new Function(Slope), MatrixSpans.Values(z), MatrixSpans.Values(a));

    /// <inheritdoc />
    public override void Backward(Matrix<float> z, Matrix<float> a, Matrix<float> outputGradient, Matrix<float> inputGradient) =>
        Elementwise.Map(new Derivative(Slope), MatrixSpans.Values(z), MatrixSpans.Values(outputGradient), MatrixSpans.Values(inputGradient));

    internal static LeakyRelu Parse(string name)
    {
        string inner = name["LeakyReLU(".Length..].TrimEnd(')');
        return float.TryParse(inner, NumberStyles.Float, CultureInfo.InvariantCulture, out float slope)
            ? new LeakyRelu(slope)
            : throw new ArgumentException($"Cannot read the slope of activation '{name}'; expected LeakyReLU(<number>).", nameof(name));
    }

    /// <summary><c>a = z &gt; 0 ? z : slope·z</c>.</summary>
    internal readonly struct Function(float slope) : IUnaryOperator
    {
        private readonly Constant _slope = new(slope);

        public float Invoke(float z) => z > 0f ? z : _slope * z;

        public Lanes Invoke(Lanes z) =>
            Vector.ConditionalSelect(Vector.GreaterThan(z, Lanes.Zero), z, _slope * z);
    }

    /// <summary><c>dz = z &gt; 0 ? da : slope·da</c>.</summary>
    internal readonly struct Derivative(float slope) : IBinaryOperator
    {
        private readonly Constant _slope = new(slope);

        public float Invoke(float z, float da) => z > 0f ? da : _slope * da;

        public Lanes Invoke(Lanes z, Lanes da) =>
            Vector.ConditionalSelect(Vector.GreaterThan(z, Lanes.Zero), da, _slope * da);
    }
}
