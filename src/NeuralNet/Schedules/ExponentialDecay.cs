using System.Globalization;

namespace NeuralNet.Schedules;

/// <summary>Multiplies the base rate by <see cref="Gamma"/> once per epoch.</summary>
/// <remarks>
/// <para><c>η(epoch) = η₀ · γ^epoch</c>, PyTorch's <c>ExponentialLR(optimizer, gamma=γ)</c>. The power is computed
/// in double from the closed form, so the rate of epoch 500 carries one rounding rather than 500 of them.</para>
/// </remarks>
public sealed class ExponentialDecay : LearningRateSchedule
{
    /// <summary>Creates an exponential decay.</summary>
    /// <param name="gamma">The factor applied every epoch; must be in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is not in (0, 1].</exception>
    public ExponentialDecay(float gamma)
    {
        // Above 1 the rate would grow without bound; 0 would stop training after the first epoch.
        if (!(gamma > 0f && gamma <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, $"ExponentialDecay's gamma must be in (0, 1] but is {gamma.ToString(CultureInfo.InvariantCulture)}.");
        }

        Gamma = gamma;
    }

    /// <summary>The factor applied every epoch.</summary>
    public float Gamma { get; }

    /// <inheritdoc />
    public override string Name => "exp";

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public override float RateAt(int epoch, float baseRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return (float)(baseRate * Math.Pow(Gamma, epoch));
    }

    /// <summary>Describes the schedule and its settings, such as <c>ExponentialDecay(gamma=0.95)</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"ExponentialDecay(gamma={Gamma})");
}
