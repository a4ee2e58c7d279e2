namespace NeuralNet.Training;

/// <summary>The built-in callback that writes checkpoints: every <see cref="TrainerOptions.CheckpointEvery"/> epochs, at the run's end, and when it is cancelled.</summary>
/// <remarks>
/// End-of-epoch checkpoints are named by <see cref="TrainerOptions.CheckpointPath"/> with <c>{epoch}</c> replaced by the
/// epochs completed (<c>checkpoint-epoch-3.nnc</c>); a checkpoint written on cancellation, in the middle of an epoch,
/// adds the batches of the epoch in progress (<c>checkpoint-epoch-3-batch-120.nnc</c>), so it never replaces an
/// end-of-epoch checkpoint. Each is written atomically (<see cref="Trainer.SaveCheckpoint(string)"/>) and becomes
/// <see cref="TrainingHistory.LastCheckpoint"/>.
/// </remarks>
internal sealed class Checkpointing : TrainingCallback
{
    /// <inheritdoc />
    public override void OnEpochEnd(TrainingContext context, EpochRecord record)
    {
        TrainerOptions options = context.Trainer.Options;
        if (options.CheckpointEvery > 0 && (record.Epoch % options.CheckpointEvery == 0 || context.IsFinished))
        {
            Save(context, options.CheckpointPathFor(record.Epoch));
        }
    }

    /// <inheritdoc />
    public override void OnFitEnd(TrainingContext context, StopReason reason)
    {
        if (reason == StopReason.Cancelled && context.Trainer.Options.CheckpointPath is not null)
        {
            Save(context, context.Trainer.Options.CheckpointPathFor(context.CompletedEpochs, context.BatchInEpoch));
        }
    }

    private static void Save(TrainingContext context, string path)
    {
        context.Trainer.SaveCheckpoint(path);
        context.Trainer.History.LastCheckpoint = path;
    }
}
