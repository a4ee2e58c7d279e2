using System.Numerics;

namespace NeuralNet.Compute;

/// <summary>A function of two values, <c>r = f(x, y)</c>, written once per element and once per vector of elements, such as a derivative applied to a gradient.</summary>
/// <remarks>The contract of <see cref="IUnaryOperator"/>: small readonly structs whose two forms round every element alike.</remarks>
internal interface IBinaryOperator
{
    /// <summary>f of one pair of values: the reference form.</summary>
    float Invoke(float x, float y);

    /// <summary>f of every pair of lanes.</summary>
    Vector<float> Invoke(Vector<float> x, Vector<float> y);
}
