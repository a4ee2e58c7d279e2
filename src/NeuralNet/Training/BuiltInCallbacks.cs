namespace NeuralNet.Training;

/// <summary>The trainer's own callbacks, made from its options, in the order they run.</summary>
internal sealed class BuiltInCallbacks
{
    private readonly EarlyStopper? _earlyStopping;

    /// <summary>Makes the callbacks the options ask for.</summary>
    /// <param name="options">The run's options.</param>
    /// <param name="baseLearningRate">The optimizer's rate when the run began.</param>
    /// <param name="previous">The callbacks of the same run before its options changed, whose schedule and divergence memory carry over.</param>
    public BuiltInCallbacks(TrainerOptions options, float baseLearningRate, BuiltInCallbacks? previous = null)
    {
        Scheduling = previous?.Scheduling ?? new LearningRateScheduling(options.Schedule, baseLearningRate);
        Divergence = previous?.Divergence ?? new DivergenceMonitor(options.LossExplosionFactor);
        Divergence.ExplosionFactor = options.LossExplosionFactor;
        _earlyStopping = options.EarlyStopping is { } rule ? new EarlyStopper(rule) : null;
        All = _earlyStopping is null
            ? [Scheduling, Divergence, new HistoryRecording(), new Checkpointing(), new ProgressReporting()]
            : [Scheduling, Divergence, new HistoryRecording(), _earlyStopping, new Checkpointing(), new ProgressReporting()];
    }

    /// <summary>Every built-in callback, in order: schedule, divergence, history, early stopping (when asked for), checkpoints, progress.</summary>
    public TrainingCallback[] All { get; }

    /// <summary>The learning-rate schedule's callback.</summary>
    public LearningRateScheduling Scheduling { get; }

    /// <summary>Divergence detection, which the gradient clipping also reports to.</summary>
    public DivergenceMonitor Divergence { get; }

    /// <summary>The callbacks whose memory checkpoints keep, in the order of their sections.</summary>
    public IEnumerable<ICheckpointedState> Checkpointed => All.OfType<ICheckpointedState>();

    /// <summary>Takes the options a continued run may change: the explosion factor, the early stopping rule (keeping its memory).</summary>
    /// <returns>False when early stopping was switched on or off, which needs a new set of callbacks.</returns>
    public bool TryUpdate(TrainerOptions options)
    {
        if ((options.EarlyStopping is null) != (_earlyStopping is null))
        {
            return false;
        }

        Divergence.ExplosionFactor = options.LossExplosionFactor;
        if (options.EarlyStopping is { } rule)
        {
            _earlyStopping!.Rule = rule;
        }

        return true;
    }
}
