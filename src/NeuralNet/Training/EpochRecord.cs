namespace NeuralNet.Training;

/// <summary>One row of a <see cref="TrainingHistory"/>: what one epoch did and measured.</summary>
/// <remarks>
/// Training loss and accuracy are the running means over the epoch's batches, taken from each batch's forward pass
/// before its update (with dropout active), weighted by batch size, as Keras reports them; validation figures come from
/// a separate inference pass after the epoch. Times are wall-clock: <see cref="SamplesPerSecond"/> counts the training
/// part only (forward, backward, update, batch gathering), <see cref="Seconds"/> the whole epoch with validation.
/// </remarks>
/// <param name="Epoch">The epoch, counted from 1.</param>
/// <param name="Iterations">Batches (optimizer steps) completed since training began, this epoch's included.</param>
/// <param name="Samples">Training samples seen in this epoch.</param>
/// <param name="TrainLoss">The mean training loss over the epoch's batches.</param>
/// <param name="TrainAccuracy">The fraction (0–1) of the epoch's training samples whose argmax matched the label.</param>
/// <param name="ValidationLoss">The loss on the validation set after the epoch, if there is one.</param>
/// <param name="ValidationAccuracy">The accuracy (0–1) on the validation set after the epoch, if there is one.</param>
/// <param name="LearningRate">The learning rate used during the epoch.</param>
/// <param name="Seconds">Wall time of the whole epoch, validation included.</param>
/// <param name="SamplesPerSecond">Training samples per second of training time.</param>
public sealed record EpochRecord(
    int Epoch,
    long Iterations,
    int Samples,
    double TrainLoss,
    double TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    float LearningRate,
    double Seconds,
    double SamplesPerSecond);
