using MnistTrainer.Datasets;
using MnistTrainer.Options;
using NeuralNet.Training;

namespace MnistTrainer.Report;

/// <summary>Everything the report of a finished training run is made from.</summary>
/// <param name="Trainer">The trainer, with its network, options and history.</param>
/// <param name="Data">The samples it trained, validated and was tested on.</param>
/// <param name="Test">The evaluation on the test set.</param>
/// <param name="Settings">The options of a fresh run; null for a resumed one (the checkpoint holds them).</param>
/// <param name="ResumedFrom">The checkpoint a resumed run started from, or null.</param>
/// <param name="WallSeconds">The wall time of this process' training, validation included.</param>
/// <param name="Backend">The compute backend that did the products.</param>
/// <param name="OutputFolder">The report's folder.</param>
internal sealed record RunFacts(
    Trainer Trainer,
    TrainingData Data,
    Evaluation Test,
    TrainingSettings? Settings,
    string? ResumedFrom,
    double WallSeconds,
    string Backend,
    string OutputFolder)
{
    /// <summary>The median of the epochs' training speeds (validation excluded), in samples per second.</summary>
    public double MedianSamplesPerSecond
    {
        get
        {
            double[] speeds = [.. Trainer.History.Epochs.Select(e => e.SamplesPerSecond).Order()];
            return speeds.Length == 0 ? 0 : speeds.Length % 2 == 1
                ? speeds[speeds.Length / 2]
                : (speeds[(speeds.Length / 2) - 1] + speeds[speeds.Length / 2]) / 2;
        }
    }

    /// <summary>The seconds of every epoch of the run (a resumed run's earlier ones included), validation included.</summary>
    public double TrainSeconds => Trainer.History.Epochs.Sum(e => e.Seconds);
}
