using MnistTrainer.Display;

namespace MnistTrainer.Runs;

/// <summary>How one candidate of a learning-rate sweep ended.</summary>
/// <param name="LearningRate">The candidate.</param>
/// <param name="Accuracy">The validation accuracy after the last epoch, or null when it diverged.</param>
/// <param name="Loss">The validation loss after the last epoch, or null when it diverged.</param>
/// <param name="TrainAccuracy">The last epoch's training accuracy, or null.</param>
/// <param name="Diverged">Whether training diverged.</param>
/// <param name="Stopped">Whether Ctrl+C stopped it before its last epoch.</param>
internal sealed record SweepOutcome(float LearningRate, double? Accuracy, double? Loss, double? TrainAccuracy, bool Diverged, bool Stopped)
{
    /// <summary>A line for the console: <c>lr 0.001: validation accuracy 97.90%, loss 0.0712</c>.</summary>
    public string Describe() => Diverged
        ? $"lr {Figures.Rate(LearningRate)}: diverged"
        : $"lr {Figures.Rate(LearningRate)}: validation accuracy {Figures.Percent(Accuracy)}, loss {Figures.Loss(Loss)}{(Stopped ? " (stopped)" : "")}";
}
