using System.Diagnostics;
using System.Globalization;
using NeuralNet.Training;

namespace MnistTrainer.Display;

/// <summary>Estimates when a run will end, from the pace of the batches this process has trained so far.</summary>
/// <remarks>
/// The pace is the batches since the first report over the time since then, so a resumed run's earlier batches do not
/// count; the batches left are those of the planned epochs. Validation is not in the pace, so the estimate is a little
/// early for runs that validate on a large set.
/// </remarks>
internal sealed class RunClock
{
    private readonly int _plannedEpochs;
    private long _startTicks;
    private long _startIterations = -1;

    /// <summary>Creates the clock for a run of at most <paramref name="plannedEpochs"/> epochs.</summary>
    public RunClock(int plannedEpochs)
    {
        _plannedEpochs = plannedEpochs;
    }

    /// <summary>The time left after <paramref name="progress"/>, or null before there is a pace to go by.</summary>
    public TimeSpan? Remaining(TrainingProgress progress) => Remaining(progress, Stopwatch.GetTimestamp());

    /// <summary>The time left after <paramref name="progress"/> at <paramref name="nowTicks"/> (<see cref="Stopwatch"/> ticks).</summary>
    internal TimeSpan? Remaining(TrainingProgress progress, long nowTicks)
    {
        if (_startIterations < 0)
        {
            // The first report: the pace starts here (one batch is already done, at an unknown cost).
            _startIterations = progress.Iterations;
            _startTicks = nowTicks;
            return null;
        }

        long done = progress.Iterations - _startIterations;
        double seconds = (nowTicks - _startTicks) / (double)Stopwatch.Frequency;
        if (done <= 0 || seconds <= 0)
        {
            return null;
        }

        long total = (long)_plannedEpochs * progress.BatchesPerEpoch;
        long finished = ((long)(progress.Epoch - 1) * progress.BatchesPerEpoch) + progress.Batch;
        double left = Math.Max(0, total - finished) * seconds / done;
        return left < TimeSpan.MaxValue.TotalSeconds / 2 ? TimeSpan.FromSeconds(left) : null;
    }

    /// <summary>A duration as a clock reads: <c>0:42</c>, <c>12:05</c>, <c>3:04:59</c>; <c>-</c> when unknown.</summary>
    public static string Format(TimeSpan? remaining)
    {
        if (remaining is not TimeSpan t)
        {
            return "-";
        }

        long seconds = (long)Math.Ceiling(t.TotalSeconds);
        return seconds >= 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}:{seconds % 60:00}");
    }
}
