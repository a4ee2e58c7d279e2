using MnistTrainer.Display;

namespace MnistTrainer.Runs;

/// <summary>How one candidate of a learning-rate sweep ended.</summary>
/// <param name="LearningRate">The candidate.</param>
/// <param name="Accuracy">The validation accuracy after the last epoch, or null when it diverged or is a regression (which has none).</param>
/// <param name="Loss">The validation loss after the last epoch, or null when it diverged.</param>
/// <param name="TrainAccuracy">The last epoch's training accuracy, or null.</param>
/// <param name="Diverged">Whether training diverged.</param>
/// <param name="Stopped">Whether Ctrl+C stopped it before its last epoch.</param>
/// <param name="TrainLoss">The last epoch's training loss, or null.</param>
internal sealed record SweepOutcome(float LearningRate, double? Accuracy, double? Loss, double? TrainAccuracy, bool Diverged, bool Stopped, double? TrainLoss = null)
{
    /// <summary>A line for the console: <c>lr 0.001: validation accuracy 97.90%, loss 0.0712</c>, or for a regression <c>lr 0.001: validation loss 0.0712</c>.</summary>
    public string Describe() => Diverged
        ? $"lr {Figures.Rate(LearningRate)}: diverged"
        : Accuracy is null
            ? $"lr {Figures.Rate(LearningRate)}: validation loss {Figures.Value(Loss)}{(Stopped ? " (stopped)" : "")}"
            : $"lr {Figures.Rate(LearningRate)}: validation accuracy {Figures.Percent(Accuracy)}, loss {Figures.Loss(Loss)}{(Stopped ? " (stopped)" : "")}";

    /// <summary>The best of <paramref name="outcomes"/>: the highest final validation accuracy of a classifier, the lowest final validation loss of a regression; null when every one diverged.</summary>
    public static SweepOutcome? Best(IEnumerable<SweepOutcome> outcomes, bool regression) => regression
        ? outcomes.Where(o => o.Loss is double loss && double.IsFinite(loss)).MinBy(o => o.Loss)
        : outcomes.Where(o => o.Accuracy is not null).MaxBy(o => o.Accuracy);
}
