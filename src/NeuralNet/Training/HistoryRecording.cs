namespace NeuralNet.Training;

/// <summary>The built-in callback that appends each epoch's row to the trainer's <see cref="TrainingHistory"/>.</summary>
/// <remarks>It runs before the other end-of-epoch callbacks, so a checkpoint written at an epoch's end holds that epoch's row.</remarks>
internal sealed class HistoryRecording : TrainingCallback
{
    /// <inheritdoc />
    public override void OnEpochEnd(TrainingContext context, EpochRecord record) => context.Trainer.History.Add(record);
}
