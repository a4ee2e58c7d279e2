namespace NeuralNet.Training;

/// <summary>A progress report from <see cref="Trainer.Fit"/>: after every batch, and once more at the end of every epoch with its history row.</summary>
/// <remarks>
/// A value type, so reporting allocates nothing in the trainer; an <see cref="IProgress{T}"/> that keeps only the latest
/// value lets a console draw progress bars at its own pace (<see cref="Progress{T}"/> posts every report to the
/// synchronization context, which costs more than a batch of a small network).
/// </remarks>
/// <param name="Epoch">The epoch, counted from 1.</param>
/// <param name="Batch">The batches completed in this epoch (equal to <paramref name="BatchesPerEpoch"/> at the epoch's end).</param>
/// <param name="BatchesPerEpoch">Batches in a whole epoch.</param>
/// <param name="Iterations">Batches completed since training began.</param>
/// <param name="RunningLoss">The mean training loss of the epoch so far.</param>
/// <param name="RunningAccuracy">The training accuracy (0–1) of the epoch so far.</param>
/// <param name="SamplesPerSecond">Training samples per second in the epoch so far.</param>
/// <param name="EpochEnd">The epoch's history row when this report ends an epoch; otherwise <see langword="null"/>.</param>
public readonly record struct TrainingProgress(
    int Epoch,
    int Batch,
    int BatchesPerEpoch,
    long Iterations,
    double RunningLoss,
    double RunningAccuracy,
    double SamplesPerSecond,
    EpochRecord? EpochEnd)
{
    /// <summary>Whether this report ends an epoch (then <see cref="EpochEnd"/> holds its row).</summary>
    public bool IsEpochEnd => EpochEnd is not null;
}
