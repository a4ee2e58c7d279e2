using System.Diagnostics;
using NeuralNet.Training;
using Spectre.Console;

namespace MnistTrainer.Display;

/// <summary>Progress on a terminal: one bar per epoch with its batch n/N, running loss and accuracy, and the run's ETA (one bar in all for runs of many short epochs).</summary>
/// <remarks>
/// <para>The trainer reports after every batch, 60,000 times an epoch with per-sample SGD, on its own thread; the bar's value
/// is cheap to set, and its description is rewritten at most ten times a second.</para>
/// <para>On a terminal narrower than <see cref="WideColumns"/> columns (80 is the classic width) the description takes
/// its compact form (<see cref="EpochLine.CompactWidth"/> characters at most) and only a percentage stands beside it,
/// so that no line wraps; wider terminals also get a bar and the elapsed time.</para>
/// </remarks>
internal sealed class LiveProgress : IProgress<TrainingProgress>
{
    /// <summary>More epochs than this share one bar.</summary>
    public const int MostBars = 30;

    /// <summary>The narrowest terminal that gets the full line, the bar and the elapsed time.</summary>
    public const int WideColumns = 120;

    private static readonly long RedrawTicks = Stopwatch.Frequency / 10;

    private readonly ProgressContext _context;
    private readonly int _plannedEpochs;
    private readonly bool _barPerEpoch;
    private readonly bool _compact;
    private readonly RunClock _clock;
    private ProgressTask? _task;
    private int _epoch;
    private long _lastDescribed;

    /// <summary>Creates the display over a started Spectre progress context.</summary>
    public LiveProgress(ProgressContext context, int plannedEpochs, bool compact)
    {
        _context = context;
        _plannedEpochs = plannedEpochs;
        _barPerEpoch = plannedEpochs <= MostBars;
        _compact = compact;
        _clock = new RunClock(plannedEpochs);
    }

    /// <summary>Moves the bar and, now and then, its figures.</summary>
    public void Report(TrainingProgress value)
    {
        TimeSpan? remaining = _clock.Remaining(value);
        if (_task is null || (_barPerEpoch && value.Epoch != _epoch))
        {
            _task?.StopTask();
            _task = _context.AddTask(Describe(value, remaining), maxValue: _barPerEpoch ? value.BatchesPerEpoch : _plannedEpochs);
            _lastDescribed = Stopwatch.GetTimestamp();
        }

        _epoch = value.Epoch;
        _task.Value = _barPerEpoch
            ? value.Batch
            : value.Epoch - 1 + ((double)value.Batch / Math.Max(1, value.BatchesPerEpoch));
        long now = Stopwatch.GetTimestamp();
        if (value.IsEpochEnd || now - _lastDescribed > RedrawTicks)
        {
            _task.Description = Describe(value, remaining);
            _lastDescribed = now;
        }

        if (value.IsEpochEnd && _barPerEpoch)
        {
            _task.Value = _task.MaxValue;
            _task.StopTask();
        }
    }

    /// <summary>Runs <paramref name="fit"/> under a live display of its progress on <paramref name="console"/>.</summary>
    public static TrainingHistory Show(IAnsiConsole console, int plannedEpochs, Func<IProgress<TrainingProgress>, TrainingHistory> fit)
    {
        bool compact = console.Profile.Width < WideColumns;
        ProgressColumn[] columns = compact
            ? [new TaskDescriptionColumn { Alignment = Justify.Left }, new PercentageColumn()]
            : [new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 24 }, new PercentageColumn(), new ElapsedTimeColumn()];
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(columns)
            .Start(context => fit(new LiveProgress(context, plannedEpochs, compact)));
    }

    // A finished bar stays on the screen: it keeps its figures but not an ETA, which would go stale.
    private string Describe(TrainingProgress value, TimeSpan? remaining) =>
        Markup.Escape(EpochLine.Describe(value, _plannedEpochs, value.IsEpochEnd && _barPerEpoch ? null : remaining, _compact));
}
