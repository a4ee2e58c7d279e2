namespace NeuralNet.Training;

/// <summary>How a network does on a dataset: the mean loss and, for a classifier, the accuracy and the confusion matrix with per-class precision, recall and F1; for a regression, MAE, RMSE and R².</summary>
/// <param name="Loss">The mean loss over the samples (inference mode: no dropout).</param>
/// <param name="Confusion">Counts of (true, predicted) class pairs; <see langword="null"/> for a regression set.</param>
/// <param name="Regression">The regression figures; <see langword="null"/> for a classification set.</param>
public sealed record Evaluation(double Loss, ConfusionMatrix? Confusion, RegressionMetrics? Regression = null)
{
    /// <summary>The fraction (0–1) of samples whose predicted class is their label; NaN for a regression set.</summary>
    public double Accuracy => Confusion?.Accuracy ?? double.NaN;

    /// <summary>The number of samples evaluated.</summary>
    public long Count => Confusion?.Total ?? Regression?.Count ?? 0;
}
