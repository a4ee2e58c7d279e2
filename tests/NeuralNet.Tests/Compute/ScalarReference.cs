using NeuralNet.Compute;

namespace NeuralNet.Tests.Compute;

/// <summary>The reference path of every operator: its scalar form run over all elements, one after another, on one thread.</summary>
/// <remarks>What <see cref="Elementwise"/> must equal bit for bit, whatever vector width, tail or thread computes an element.</remarks>
internal static class ScalarReference
{
    public static void Map<TOperator>(TOperator f, ReadOnlySpan<float> x, Span<float> destination)
        where TOperator : struct, IUnaryOperator
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = f.Invoke(x[i]);
        }
    }

    public static void Map<TOperator>(TOperator f, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
        where TOperator : struct, IBinaryOperator
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = f.Invoke(x[i], y[i]);
        }
    }

    /// <summary>The rule over every element; returns whether every new θ is finite.</summary>
    public static bool Update<TRule>(TRule rule, Span<float> value, ReadOnlySpan<float> gradient, Span<float> state0, Span<float> state1)
        where TRule : unmanaged, IUpdateRule
    {
        bool finite = true;
        for (int i = 0; i < value.Length; i++)
        {
            float s0 = TRule.StateCount > 0 ? state0[i] : 0f;
            float s1 = TRule.StateCount > 1 ? state1[i] : 0f;
            value[i] = rule.Update(value[i], gradient[i], ref s0, ref s1);
            if (TRule.StateCount > 0)
            {
                state0[i] = s0;
            }

            if (TRule.StateCount > 1)
            {
                state1[i] = s1;
            }

            finite &= float.IsFinite(value[i]);
        }

        return finite;
    }
}
