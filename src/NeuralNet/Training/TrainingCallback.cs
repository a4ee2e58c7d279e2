namespace NeuralNet.Training;

/// <summary>Code that <see cref="Trainer.Fit"/> calls at the moments of a training run, to watch it or steer it.</summary>
/// <remarks>
/// <para>As Keras's <c>Callback</c> (<c>on_train_begin</c>, <c>on_epoch_begin</c>, <c>on_train_batch_end</c>,
/// <c>on_epoch_end</c>, <c>on_train_end</c>) with PyTorch Lightning's <c>on_before_backward</c>. The trainer's own
/// policies are callbacks of this kind: the learning-rate schedule, divergence detection, the history, early
/// stopping, checkpoints and progress reports; add your own to <see cref="Trainer.Callbacks"/>, and they run after
/// those, in the order added.</para>
/// <para>Every method does nothing by default. <see cref="OnBeforeBackward"/> and <see cref="OnBatchEnd"/> run once
/// per batch, so they should be cheap and allocate nothing. A callback stops a run with
/// <see cref="TrainingContext.Stop"/>; an exception it throws ends <see cref="Trainer.Fit"/> with that exception.</para>
/// <para>The built-in callbacks keep their state in checkpoints; a callback of yours is not saved, so give it again to
/// a trainer loaded from a checkpoint.</para>
/// </remarks>
public abstract class TrainingCallback
{
    /// <summary>Runs when <see cref="Trainer.Fit"/> starts or continues a run, before its first batch.</summary>
    public virtual void OnFitStart(TrainingContext context)
    {
    }

    /// <summary>Runs at the start of an epoch, after the samples are shuffled and before its first batch.</summary>
    public virtual void OnEpochStart(TrainingContext context)
    {
    }

    /// <summary>Runs after a batch's forward pass and loss, before its backward pass and update.</summary>
    /// <remarks>The place to refuse a batch: an exception here leaves the parameters as the previous batch left them.</remarks>
    /// <param name="context">The run.</param>
    /// <param name="loss">The batch's mean loss and size.</param>
    public virtual void OnBeforeBackward(TrainingContext context, in BatchLoss loss)
    {
    }

    /// <summary>Runs after a batch's update, once the run's counters include it.</summary>
    /// <param name="context">The run.</param>
    /// <param name="outcome">The batch's loss and what the update produced.</param>
    public virtual void OnBatchEnd(TrainingContext context, in BatchOutcome outcome)
    {
    }

    /// <summary>Runs at the end of an epoch, after validation, with the epoch's row of the history.</summary>
    public virtual void OnEpochEnd(TrainingContext context, EpochRecord record)
    {
    }

    /// <summary>Runs when <see cref="Trainer.Fit"/> returns normally: the run is finished, or it was cancelled (<paramref name="reason"/> says which).</summary>
    public virtual void OnFitEnd(TrainingContext context, StopReason reason)
    {
    }
}
