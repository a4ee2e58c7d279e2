using System.Numerics;

namespace NeuralNet.Compute;

/// <summary>An optimizer's update of one element of a parameter: the new θ from the old θ, its gradient g and up to two state values, which the rule updates in place.</summary>
/// <remarks>
/// <para>The rule is the paper's per-coordinate formula, with its hyperparameters (and this step's bias corrections)
/// in the struct's fields; <see cref="Elementwise.Update{TRule}(in TRule, Span{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/>
/// runs it over a parameter. The two forms round every element alike, as for <see cref="IUnaryOperator"/>.</para>
/// <para>Rules with fewer than two state buffers ignore the state values they do not name: the driver neither reads nor
/// writes them.</para>
/// </remarks>
internal interface IUpdateRule
{
    /// <summary>How many state buffers the rule reads and writes: 0 (SGD), 1 (a momentum buffer) or 2 (Adam's m and v).</summary>
    static abstract int StateCount { get; }

    /// <summary>The update of one element: returns the new θ and updates the state values.</summary>
    float Update(float theta, float g, ref float state0, ref float state1);

    /// <summary>The update of every lane.</summary>
    Vector<float> Update(Vector<float> theta, Vector<float> g, ref Vector<float> state0, ref Vector<float> state1);
}
