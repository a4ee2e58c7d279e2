namespace NeuralNet.Training;

/// <summary>A batch's loss as <see cref="TrainingCallback.OnBeforeBackward"/> sees it.</summary>
/// <param name="Value">The batch's mean loss.</param>
/// <param name="Count">The samples in the batch.</param>
public readonly record struct BatchLoss(float Value, int Count);
