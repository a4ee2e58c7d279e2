using System.Numerics;

namespace NeuralNet.Compute;

/// <summary>A constant of an operator (a learning rate, a decay rate, a slope), held as a float and broadcast to every lane, so that an operator's scalar and vector forms read alike.</summary>
/// <remarks>
/// Broadcast once when the operator is made, not once per vector: the JIT does not hoist a broadcast out of a loop that
/// keeps many vectors live, and Adam's update ran 40 % slower for it. Each operator rounds as the same operation on two
/// floats does, so a constant changes no result.
/// </remarks>
internal readonly struct Constant(float value)
{
    /// <summary>The constant.</summary>
    public float Value { get; } = value;

    /// <summary>The constant in every lane.</summary>
    public Vector<float> Lanes { get; } = new(value);

    public static float operator *(Constant c, float x) => c.Value * x;

    public static Vector<float> operator *(Constant c, Vector<float> x) => c.Lanes * x;

    public static float operator *(float x, Constant c) => x * c.Value;

    public static Vector<float> operator *(Vector<float> x, Constant c) => x * c.Lanes;

    public static float operator +(Constant c, float x) => c.Value + x;

    public static Vector<float> operator +(Constant c, Vector<float> x) => c.Lanes + x;

    public static float operator +(float x, Constant c) => x + c.Value;

    public static Vector<float> operator +(Vector<float> x, Constant c) => x + c.Lanes;

    public static float operator -(float x, Constant c) => x - c.Value;

    public static Vector<float> operator -(Vector<float> x, Constant c) => x - c.Lanes;

    public static float operator /(float x, Constant c) => x / c.Value;

    public static Vector<float> operator /(Vector<float> x, Constant c) => x / c.Lanes;
}
