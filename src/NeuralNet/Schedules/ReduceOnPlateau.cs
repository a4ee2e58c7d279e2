using System.Globalization;

namespace NeuralNet.Schedules;

/// <summary>Multiplies the rate by <see cref="Factor"/> whenever the monitored loss stops improving for longer than <see cref="Patience"/> epochs.</summary>
/// <remarks>
/// <para>PyTorch's <c>ReduceLROnPlateau(optimizer, mode="min", factor, patience, threshold=minimumDelta,
/// threshold_mode="rel", cooldown=0, min_lr=minimumRate, eps=1e-8)</c>, with PyTorch's defaults for everything it
/// does not take. After each epoch <see cref="Observe"/> compares the loss with the best so far (initially +∞):</para>
/// <list type="bullet">
/// <item><description>the epoch improves when <c>loss &lt; best · (1 − minimumDelta)</c>; the loss becomes the best and the count of bad epochs restarts;</description></item>
/// <item><description>any other epoch is bad, including a NaN or +∞ loss (NaN compares false, so it never becomes the best);</description></item>
/// <item><description>when more than <see cref="Patience"/> bad epochs have passed in a row, the rate is reduced once and the count restarts.</description></item>
/// </list>
/// <para><see cref="RateAt"/> then returns <c>η₀ · factor^reductions</c>, never below <see cref="MinimumRate"/>. As in
/// PyTorch, a reduction that would lower the rate by 1e-8 or less is skipped, so with the default minimum of 0 the
/// rate stops near 1e-8 instead of underflowing to a zero that no optimizer accepts.</para>
/// <para>Unlike the other schedules its rate depends on what it has observed: a checkpoint saves its state, and
/// <see cref="Reset"/> forgets it before a new run. Not thread-safe.</para>
/// </remarks>
public sealed class ReduceOnPlateau : LearningRateSchedule
{
    // PyTorch's eps: reductions smaller than this are not applied.
    private const double MinimumDecay = 1e-8;

    private double _best = double.PositiveInfinity;
    private int _badEpochs;
    private int _reductions;

    /// <summary>Creates a reduce-on-plateau schedule.</summary>
    /// <param name="factor">The factor applied at each reduction; default 0.1 (PyTorch's). Must be in (0, 1).</param>
    /// <param name="patience">How many bad epochs in a row are tolerated before a reduction; default 10 (PyTorch's). Must not be negative.</param>
    /// <param name="minimumDelta">The relative improvement an epoch needs to count (PyTorch's <c>threshold</c>); default 1e-4. Must be in [0, 1).</param>
    /// <param name="minimumRate">The rate below which reductions stop (PyTorch's <c>min_lr</c>); default 0. Must be finite and not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="factor"/> is not in (0, 1), <paramref name="patience"/> is negative, <paramref name="minimumDelta"/>
    /// is not in [0, 1), or <paramref name="minimumRate"/> is negative or not finite.
    /// </exception>
    public ReduceOnPlateau(float factor = 0.1f, int patience = 10, double minimumDelta = 1e-4, float minimumRate = 0f)
    {
        if (!(factor > 0f && factor < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, $"ReduceOnPlateau's factor must be in (0, 1) but is {factor.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (patience < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(patience), patience, $"ReduceOnPlateau's patience must be at least 0 but is {patience}.");
        }

        // At 1 or more, best · (1 − delta) ≤ 0 and no positive loss could ever improve.
        if (!(minimumDelta >= 0.0 && minimumDelta < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(minimumDelta), minimumDelta, $"ReduceOnPlateau's minimumDelta must be in [0, 1) but is {minimumDelta.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (!(minimumRate >= 0f) || !float.IsFinite(minimumRate))
        {
            throw new ArgumentOutOfRangeException(nameof(minimumRate), minimumRate, $"ReduceOnPlateau's minimumRate must be a finite number ≥ 0 but is {minimumRate.ToString(CultureInfo.InvariantCulture)}.");
        }

        Factor = factor;
        Patience = patience;
        MinimumDelta = minimumDelta;
        MinimumRate = minimumRate;
    }

    /// <summary>The factor applied at each reduction.</summary>
    public float Factor { get; }

    /// <summary>How many bad epochs in a row are tolerated before a reduction.</summary>
    public int Patience { get; }

    /// <summary>The relative improvement an epoch needs to count (PyTorch's <c>threshold</c>).</summary>
    public double MinimumDelta { get; }

    /// <summary>The rate below which reductions stop.</summary>
    public float MinimumRate { get; }

    /// <inheritdoc />
    public override string Name => "plateau";

    /// <summary>The best loss so far, the bad epochs since it (or since the last reduction), and the reductions made.</summary>
    /// <remarks>What a checkpoint saves and restores; a fresh schedule has (+∞, 0, 0).</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The best loss is NaN, or a count is negative.</exception>
    internal (double Best, int BadEpochs, int Reductions) State
    {
        get => (_best, _badEpochs, _reductions);
        set
        {
            if (double.IsNaN(value.Best) || value.BadEpochs < 0 || value.Reductions < 0)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(value),
                    value,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"ReduceOnPlateau's state needs a best loss that is not NaN and counts ≥ 0 but got best={value.Best}, bad epochs={value.BadEpochs}, reductions={value.Reductions}."));
            }

            (_best, _badEpochs, _reductions) = value;
        }
    }

    /// <inheritdoc />
    public override float RateAt(int epoch, float baseRate)
    {
        // PyTorch's _reduce_lr, once per reduction: the rate changes only if it drops by more than eps.
        double rate = baseRate;
        for (int i = 0; i < _reductions; i++)
        {
            double reduced = Math.Max(rate * Factor, MinimumRate);
            if (rate - reduced <= MinimumDecay)
            {
                break; // the rate did not change, so no later reduction would change it either
            }

            rate = reduced;
        }

        return (float)rate;
    }

    /// <inheritdoc />
    /// <remarks>The epoch number is not used: only the order of the observed losses matters.</remarks>
    public override void Observe(int epoch, double loss)
    {
        // Written as PyTorch's is_better so that NaN, which compares false, counts as a bad epoch.
        if (loss < _best * (1.0 - MinimumDelta))
        {
            _best = loss;
            _badEpochs = 0;
        }
        else
        {
            _badEpochs++;
        }

        if (_badEpochs > Patience)
        {
            _reductions++;
            _badEpochs = 0;
        }
    }

    /// <inheritdoc />
    public override void Reset() => State = (double.PositiveInfinity, 0, 0);

    /// <summary>Describes the schedule and its settings, such as <c>ReduceOnPlateau(factor=0.1, patience=10, threshold=0.0001, min=0)</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"ReduceOnPlateau(factor={Factor}, patience={Patience}, threshold={MinimumDelta}, min={MinimumRate})");
}
