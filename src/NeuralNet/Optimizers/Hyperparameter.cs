using System.Globalization;
using System.Runtime.CompilerServices;

namespace NeuralNet.Optimizers;

/// <summary>Checks an optimizer's hyperparameters in its constructor, naming the optimizer, the parameter and the value in the message.</summary>
internal static class Hyperparameter
{
    /// <summary>Returns <paramref name="value"/> if it is a fraction in [0, 1), such as β1, α or a dampening.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not in [0, 1).</exception>
    public static float Fraction(float value, string optimizer, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        // Written so NaN fails too: every comparison with NaN is false.
        if (!(value >= 0f && value < 1f))
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(
                CultureInfo.InvariantCulture,
                $"{optimizer}'s {name} must be in [0, 1) but is {value}."));
        }

        return value;
    }

    /// <summary>Returns <paramref name="value"/> if it is in (0, 1), the range of a momentum that is not plain SGD.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not in (0, 1).</exception>
    public static float Momentum(float value, string optimizer, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        if (!(value > 0f && value < 1f))
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(
                CultureInfo.InvariantCulture,
                $"{optimizer}'s {name} must be in (0, 1) but is {value}; use Sgd for no momentum."));
        }

        return value;
    }

    /// <summary>Returns <paramref name="value"/> if it is a finite number ≥ 0, such as ε or a weight decay.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative, infinite or NaN.</exception>
    public static float NonNegative(float value, string optimizer, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        if (!(value >= 0f) || !float.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(
                CultureInfo.InvariantCulture,
                $"{optimizer}'s {name} must be a finite number >= 0 but is {value}."));
        }

        return value;
    }
}
