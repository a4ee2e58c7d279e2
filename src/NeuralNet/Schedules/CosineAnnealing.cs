using System.Globalization;

namespace NeuralNet.Schedules;

/// <summary>Lowers the rate from the base rate to <see cref="MinimumRate"/> along half a cosine, after an optional linear warm-up.</summary>
/// <remarks>
/// <para>With w = <see cref="WarmupEpochs"/>, T = <see cref="PeriodEpochs"/> and η_min = <see cref="MinimumRate"/>:</para>
/// <list type="bullet">
/// <item><description>warm-up, epoch e &lt; w: <c>η(e) = η₀ · (e + 1) / (w + 1)</c>;</description></item>
/// <item><description>then, with t = min(e − w, T): <c>η(e) = η_min + (η₀ − η_min) · (1 + cos(π·t / T)) / 2</c>.</description></item>
/// </list>
/// <para>The cosine is the closed form of PyTorch's <c>CosineAnnealingLR(optimizer, T_max=T, eta_min=η_min)</c>
/// (SGDR without restarts). PyTorch's curve climbs back up after T_max; this one holds η_min from t = T on, so
/// training longer than planned never raises the rate again. With η_min = 0 the rate past the period is 0, which
/// <see cref="Optimizers.Optimizer.LearningRate"/> rejects: give a period that covers the training, or a positive η_min.</para>
/// <para>The warm-up climbs in w + 1 equal steps and reaches η₀ at epoch w, where the cosine starts, as PyTorch's
/// <c>SequentialLR([LinearLR(start_factor=1/(w+1), total_iters=w), CosineAnnealingLR(...)], milestones=[w])</c> does.
/// It starts at η₀/(w + 1) rather than at 0 because a zero rate would waste the first epoch (and the optimizer
/// rejects it), and it ignores η_min, which only bounds the descent.</para>
/// </remarks>
public sealed class CosineAnnealing : LearningRateSchedule
{
    /// <summary>Creates a cosine annealing schedule.</summary>
    /// <param name="periodEpochs">How many epochs the descent from the base rate to <paramref name="minimumRate"/> takes; must be positive.</param>
    /// <param name="minimumRate">The rate at the end of the period and after it; default 0. Must be finite and not negative.</param>
    /// <param name="warmupEpochs">How many epochs of linear warm-up come before the descent; default 0. Must not be negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="periodEpochs"/> is not positive, <paramref name="minimumRate"/> is negative or not finite,
    /// or <paramref name="warmupEpochs"/> is negative.
    /// </exception>
    public CosineAnnealing(int periodEpochs, float minimumRate = 0f, int warmupEpochs = 0)
    {
        if (periodEpochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(periodEpochs), periodEpochs, $"CosineAnnealing's periodEpochs must be at least 1 but is {periodEpochs}.");
        }

        if (!(minimumRate >= 0f) || !float.IsFinite(minimumRate))
        {
            throw new ArgumentOutOfRangeException(nameof(minimumRate), minimumRate, $"CosineAnnealing's minimumRate must be a finite number ≥ 0 but is {minimumRate.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (warmupEpochs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(warmupEpochs), warmupEpochs, $"CosineAnnealing's warmupEpochs must be at least 0 but is {warmupEpochs}.");
        }

        PeriodEpochs = periodEpochs;
        MinimumRate = minimumRate;
        WarmupEpochs = warmupEpochs;
    }

    /// <summary>How many epochs the descent from the base rate to <see cref="MinimumRate"/> takes.</summary>
    public int PeriodEpochs { get; }

    /// <summary>The rate at the end of the period and after it.</summary>
    public float MinimumRate { get; }

    /// <summary>How many epochs of linear warm-up come before the descent.</summary>
    public int WarmupEpochs { get; }

    /// <inheritdoc />
    public override string Name => "cosine";

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public override float RateAt(int epoch, float baseRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (epoch < WarmupEpochs)
        {
            // In double: WarmupEpochs + 1 overflows int at int.MaxValue.
            return (float)(baseRate * (epoch + 1.0) / (WarmupEpochs + 1.0));
        }

        int t = Math.Min(epoch - WarmupEpochs, PeriodEpochs);
        double cosine = (1.0 + Math.Cos(Math.PI * t / PeriodEpochs)) / 2.0;
        return (float)(MinimumRate + ((baseRate - (double)MinimumRate) * cosine));
    }

    /// <summary>Describes the schedule and its settings, such as <c>CosineAnnealing(period=20, min=1E-05, warmup=2)</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"CosineAnnealing(period={PeriodEpochs}, min={MinimumRate}, warmup={WarmupEpochs})");
}
