using System.Globalization;

namespace NeuralNet.Schedules;

/// <summary>Multiplies the base rate by <see cref="Gamma"/> once every <see cref="StepEpochs"/> epochs.</summary>
/// <remarks>
/// <para><c>η(epoch) = η₀ · γ^⌊epoch / step⌋</c>, PyTorch's <c>StepLR(optimizer, step_size=step, gamma=γ)</c>.
/// PyTorch multiplies the rate in place every step; the closed form here gives the same rates without rounding
/// piling up over the epochs, and computes the power in double.</para>
/// </remarks>
public sealed class StepDecay : LearningRateSchedule
{
    /// <summary>Creates a step decay.</summary>
    /// <param name="stepEpochs">How many epochs each rate lasts; must be positive.</param>
    /// <param name="gamma">The factor applied at every step; default 0.1 (PyTorch's). Must be in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stepEpochs"/> is not positive, or <paramref name="gamma"/> is not in (0, 1].</exception>
    public StepDecay(int stepEpochs, float gamma = 0.1f)
    {
        if (stepEpochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stepEpochs), stepEpochs, $"StepDecay's stepEpochs must be at least 1 but is {stepEpochs}.");
        }

        // Above 1 the rate would grow without bound; 0 would stop training after the first step.
        if (!(gamma > 0f && gamma <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, $"StepDecay's gamma must be in (0, 1] but is {gamma.ToString(CultureInfo.InvariantCulture)}.");
        }

        StepEpochs = stepEpochs;
        Gamma = gamma;
    }

    /// <summary>How many epochs each rate lasts.</summary>
    public int StepEpochs { get; }

    /// <summary>The factor applied at every step.</summary>
    public float Gamma { get; }

    /// <inheritdoc />
    public override string Name => "step";

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public override float RateAt(int epoch, float baseRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return (float)(baseRate * Math.Pow(Gamma, epoch / StepEpochs));
    }

    /// <summary>Describes the schedule and its settings, such as <c>StepDecay(step=10, gamma=0.1)</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"StepDecay(step={StepEpochs}, gamma={Gamma})");
}
