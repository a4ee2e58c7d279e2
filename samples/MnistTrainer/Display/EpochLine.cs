using NeuralNet.Training;

namespace MnistTrainer.Display;

/// <summary>One epoch as a line of text: the plain-output form of the progress display, and the bars' description.</summary>
internal static class EpochLine
{
    /// <summary>The figures of an epoch in progress or ended, such as <c>epoch  3/10  loss 0.0712  acc 97.84%  val 97.60%  41,230 samples/s</c>.</summary>
    public static string Describe(TrainingProgress progress, int plannedEpochs)
    {
        string epoch = $"epoch {progress.Epoch.ToString().PadLeft(plannedEpochs.ToString().Length)}/{plannedEpochs}";
        if (progress.EpochEnd is EpochRecord end)
        {
            string validation = end.ValidationAccuracy is null ? "" : $"  val loss {Figures.Loss(end.ValidationLoss)}  val acc {Figures.Percent(end.ValidationAccuracy)}";
            return $"{epoch}  loss {Figures.Loss(end.TrainLoss)}  acc {Figures.Percent(end.TrainAccuracy)}{validation}  lr {Figures.Rate(end.LearningRate)}  {Figures.Count(end.SamplesPerSecond)} samples/s";
        }

        return $"{epoch}  loss {Figures.Loss(progress.RunningLoss)}  acc {Figures.Percent(progress.RunningAccuracy)}  {Figures.Count(progress.SamplesPerSecond)} samples/s";
    }
}
