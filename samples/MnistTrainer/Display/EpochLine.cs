using System.Globalization;
using NeuralNet.Training;

namespace MnistTrainer.Display;

/// <summary>One epoch as a line of text: the plain-output form of the progress display, and the bars' description.</summary>
/// <remarks>
/// An epoch in progress shows where it is (<c>batch 120/938</c>) and when the run should end (<c>ETA 1:42</c>);
/// its compact form, for terminals of 80 columns, drops the speed and shortens the labels, and stays under
/// <see cref="CompactWidth"/> characters for any run of fewer than 100,000 epochs and a million batches per epoch.
/// </remarks>
internal static class EpochLine
{
    /// <summary>The longest compact line, so that a bar and a percentage fit beside it in 80 columns.</summary>
    public const int CompactWidth = 72;

    /// <summary>The figures of an epoch in progress or ended, such as <c>epoch  3/10  batch 120/938  loss 0.0712  acc 97.84%  41,230 samples/s  ETA 1:42</c>.</summary>
    /// <param name="progress">The report.</param>
    /// <param name="plannedEpochs">The epochs the run lasts at most.</param>
    /// <param name="remaining">The time the run has left, if known.</param>
    /// <param name="compact">Whether to fit a narrow terminal.</param>
    public static string Describe(TrainingProgress progress, int plannedEpochs, TimeSpan? remaining = null, bool compact = false)
    {
        string planned = plannedEpochs.ToString(CultureInfo.InvariantCulture);
        string epoch = $"{(compact ? "" : "epoch ")}{progress.Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(planned.Length)}/{planned}";
        string eta = remaining is null ? "" : $"  ETA {RunClock.Format(remaining)}";
        if (progress.EpochEnd is EpochRecord end)
        {
            if (compact)
            {
                string val = end.ValidationLoss is null ? "" : double.IsFinite(end.ValidationAccuracy ?? double.NaN) ? $"  val {Figures.Percent(end.ValidationAccuracy)}" : $"  val {Figures.Loss(end.ValidationLoss)}";
                return $"{epoch}  loss {Figures.Loss(end.TrainLoss)}{Accuracy(end.TrainAccuracy)}{val}{eta}";
            }

            string validation = end.ValidationLoss is null ? "" : $"  val loss {Figures.Loss(end.ValidationLoss)}{Accuracy(end.ValidationAccuracy ?? double.NaN, "val acc")}";
            return $"{epoch}  loss {Figures.Loss(end.TrainLoss)}{Accuracy(end.TrainAccuracy)}{validation}  lr {Figures.Rate(end.LearningRate)}  {Figures.Count(end.SamplesPerSecond)} samples/s{eta}";
        }

        string batches = progress.BatchesPerEpoch.ToString(CultureInfo.InvariantCulture);
        string batch = $"{(compact ? "" : "batch ")}{progress.Batch.ToString(CultureInfo.InvariantCulture).PadLeft(batches.Length)}/{batches}";
        return compact
            ? $"{epoch}  {batch}  loss {Figures.Loss(progress.RunningLoss)}{Accuracy(progress.RunningAccuracy)}{eta}"
            : $"{epoch}  {batch}  loss {Figures.Loss(progress.RunningLoss)}{Accuracy(progress.RunningAccuracy)}  {Figures.Count(progress.SamplesPerSecond)} samples/s{eta}";
    }

    /// <summary>An accuracy as <c>  acc 97.84%</c>; nothing for a regression, whose accuracy is NaN.</summary>
    private static string Accuracy(double accuracy, string label = "acc") =>
        double.IsFinite(accuracy) ? $"  {label} {Figures.Percent(accuracy)}" : "";
}
