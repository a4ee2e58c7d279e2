using System.Runtime.CompilerServices;
namespace NeuralNet.Training;

/// <summary>The built-in callback that sends a <see cref="TrainingProgress"/> to <see cref="Trainer.Fit"/>'s progress receiver after every batch and at every epoch's end.</summary>
internal sealed class ProgressReporting : TrainingCallback
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void OnBatchEnd(TrainingContext context, in BatchOutcome outcome) =>
        context.Progress?.Report(new TrainingProgress(
            context.Epoch,
            context.BatchInEpoch,
            context.BatchesPerEpoch,
            context.Iterations,
            context.RunningLoss,
            context.RunningAccuracy,
            context.SamplesPerSecond,
            null));

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingContext context, EpochRecord record) =>
        context.Progress?.Report(new TrainingProgress(
            record.Epoch, context.BatchesPerEpoch, context.BatchesPerEpoch, context.Iterations, record.TrainLoss, record.TrainAccuracy, record.SamplesPerSecond, record));
}
