using System.Numerics;

namespace NeuralNet.Compute;

/// <summary>A function of one value, <c>y = f(x)</c>, written once per element and once per vector of elements.</summary>
/// <remarks>
/// <para>Implemented by small readonly structs (<see cref="Activations.Relu"/>'s <c>max(z, 0)</c>, for example), so that
/// <see cref="Elementwise.Map{TOperator}(in TOperator, ReadOnlySpan{float}, Span{float})"/> is compiled once per
/// operator with both forms inlined: no virtual call per element.</para>
/// <para>The two forms round every element alike (the IEEE operations of the scalar form, in the same order, lane by
/// lane; no fused multiply-add), so an element's result does not depend on whether it falls in the vector body or the
/// tail. The tests run each operator's scalar form over whole spans and compare the bits.</para>
/// </remarks>
internal interface IUnaryOperator
{
    /// <summary>f of one value: the reference form.</summary>
    float Invoke(float x);

    /// <summary>f of every lane.</summary>
    Vector<float> Invoke(Vector<float> x);
}
