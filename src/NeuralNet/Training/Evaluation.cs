namespace NeuralNet.Training;

/// <summary>How a network does on a labelled dataset: the mean loss, the accuracy, and the confusion matrix with per-class precision, recall and F1.</summary>
/// <param name="Loss">The mean loss over the samples (inference mode: no dropout).</param>
/// <param name="Confusion">Counts of (true, predicted) class pairs.</param>
public sealed record Evaluation(double Loss, ConfusionMatrix Confusion)
{
    /// <summary>The fraction (0–1) of samples whose predicted class is their label.</summary>
    public double Accuracy => Confusion.Accuracy;

    /// <summary>The number of samples evaluated.</summary>
    public long Count => Confusion.Total;
}
