using System.Globalization;

namespace NeuralNet.Training;

/// <summary>Stops training when a validation metric has not improved for a number of epochs, and restores the best epoch's weights.</summary>
/// <remarks>
/// <para>As Keras's <c>EarlyStopping</c>: an epoch improves on the best so far when the validation loss falls by more
/// than <see cref="MinimumDelta"/> (or the accuracy rises by more than it); after <see cref="Patience"/> epochs in a row
/// without improvement, training stops and, when <see cref="RestoreBestWeights"/> is set (the default here, unlike
/// Keras), the network gets back the parameters it had at the end of the best epoch.</para>
/// <para>This object only holds settings; the trainer keeps the running state, so one instance can serve many runs.</para>
/// </remarks>
public sealed record EarlyStopping
{
    /// <summary>Creates the rule.</summary>
    /// <param name="patience">Epochs without improvement to tolerate before stopping; at least 1.</param>
    /// <param name="minimumDelta">The smallest change that counts as an improvement; default 0.</param>
    /// <param name="metric">What to watch; default the validation loss.</param>
    /// <param name="restoreBestWeights">Whether to restore the best epoch's weights on stopping; default true.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="patience"/> is below 1, or <paramref name="minimumDelta"/> is negative or not finite.</exception>
    public EarlyStopping(int patience, double minimumDelta = 0, EarlyStoppingMetric metric = EarlyStoppingMetric.ValidationLoss, bool restoreBestWeights = true)
    {
        if (patience < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(patience), patience, $"Early stopping's patience is {patience}; it must be at least 1 epoch.");
        }

        if (!(minimumDelta >= 0) || !double.IsFinite(minimumDelta))
        {
            throw new ArgumentOutOfRangeException(nameof(minimumDelta), minimumDelta, $"Early stopping's minimum delta is {minimumDelta.ToString(CultureInfo.InvariantCulture)}; it must be a finite number of at least 0.");
        }

        if (!Enum.IsDefined(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown early stopping metric.");
        }

        Patience = patience;
        MinimumDelta = minimumDelta;
        Metric = metric;
        RestoreBestWeights = restoreBestWeights;
    }

    /// <summary>Epochs without improvement to tolerate before stopping.</summary>
    public int Patience { get; }

    /// <summary>The smallest change that counts as an improvement.</summary>
    public double MinimumDelta { get; }

    /// <summary>What is watched.</summary>
    public EarlyStoppingMetric Metric { get; }

    /// <summary>Whether the best epoch's weights come back when training stops early.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>Whether <paramref name="value"/> improves on <paramref name="best"/> by more than <see cref="MinimumDelta"/>.</summary>
    internal bool Improves(double value, double best) =>
        !double.IsNaN(value) && (double.IsNaN(best) || (Metric == EarlyStoppingMetric.ValidationLoss
            ? value < best - MinimumDelta
            : value > best + MinimumDelta));

    /// <summary>The watched value of an epoch's record.</summary>
    internal double ValueOf(EpochRecord record) => Metric switch
    {
        EarlyStoppingMetric.ValidationAccuracy => record.ValidationAccuracy ?? double.NaN,
        _ => record.ValidationLoss ?? double.NaN,
    };
}
