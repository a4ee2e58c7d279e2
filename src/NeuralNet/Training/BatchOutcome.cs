namespace NeuralNet.Training;

/// <summary>What one batch did, as <see cref="TrainingCallback.OnBatchEnd"/> sees it.</summary>
/// <param name="Loss">The batch's mean loss (before its update).</param>
/// <param name="Count">The samples in the batch.</param>
/// <param name="FirstNonFiniteParameter">The index in <see cref="Network.Parameters"/> of the first parameter that holds a NaN or an infinity after the update, or −1 when all are finite.</param>
public readonly record struct BatchOutcome(float Loss, int Count, int FirstNonFiniteParameter);
