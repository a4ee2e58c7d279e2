using NeuralNet.Data;
using NeuralNet.Optimizers;

namespace NeuralNet.Training;

/// <summary>A training run as its callbacks see it: the trainer, where the run is, and a way to stop it.</summary>
/// <remarks>One context serves one <see cref="Trainer.Fit"/> call; its figures are live (read them when the callback runs).</remarks>
public sealed class TrainingContext
{
    private readonly TrainingPosition _position;

    internal TrainingContext(Trainer trainer, TrainingPosition position, Dataset training, Dataset? validation, int batchesPerEpoch, IProgress<TrainingProgress>? progress)
    {
        Trainer = trainer;
        _position = position;
        Training = training;
        Validation = validation;
        BatchesPerEpoch = batchesPerEpoch;
        Progress = progress;
    }

    /// <summary>The trainer running the callbacks.</summary>
    public Trainer Trainer { get; }

    /// <summary>The network being trained.</summary>
    public Network Network => Trainer.Network;

    /// <summary>The optimizer; its <see cref="Optimizer.LearningRate"/> is the rate of the current epoch.</summary>
    public Optimizer Optimizer => Trainer.Optimizer;

    /// <summary>The training set of this <see cref="Trainer.Fit"/> call.</summary>
    public Dataset Training { get; }

    /// <summary>The validation set of this call, scaled as the training set; <see langword="null"/> without one.</summary>
    public Dataset? Validation { get; }

    /// <summary>The epoch in progress (or just ended in <see cref="TrainingCallback.OnEpochEnd"/>), counted from 1.</summary>
    public int Epoch => _position.Order is null ? _position.Epoch : _position.Epoch + 1;

    /// <summary>Epochs completed.</summary>
    public int CompletedEpochs => _position.Epoch;

    /// <summary>Batches completed in the epoch in progress.</summary>
    public int BatchInEpoch => _position.BatchInEpoch;

    /// <summary>Batches in a whole epoch.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>Batches completed since training began.</summary>
    public long Iterations => _position.Iterations;

    /// <summary>The mean training loss of the epoch so far (NaN before its first batch).</summary>
    public double RunningLoss => _position.LossSum / _position.Samples;

    /// <summary>The training accuracy (0–1) of the epoch so far (NaN before its first batch, and for a regression set).</summary>
    public double RunningAccuracy => Training.Task == DatasetTask.Regression ? double.NaN : (double)_position.Correct / _position.Samples;

    /// <summary>Training samples of the epoch so far.</summary>
    public int EpochSamples => _position.Samples;

    /// <summary>Training samples per second of training time in the epoch so far.</summary>
    public double SamplesPerSecond => _position.Samples / Math.Max(_position.TrainSeconds, 1e-9);

    /// <summary>Seconds of training (batches only) in the epoch so far.</summary>
    public double EpochTrainSeconds => _position.TrainSeconds;

    /// <summary>Whether the run has ended: this epoch is its last.</summary>
    public bool IsFinished => _position.IsFinished;

    /// <summary>Where <see cref="Trainer.Fit"/>'s caller wants progress reports, if anywhere.</summary>
    internal IProgress<TrainingProgress>? Progress { get; }

    /// <summary>Ends the run after the current batch; the epoch in progress still ends (validation, history row, checkpoints) and the history's stop reason is <see cref="StopReason.Stopped"/>.</summary>
    public void Stop() => Finish(StopReason.Stopped);

    /// <summary>Ends the run with <paramref name="reason"/>: after the current batch, or, at an epoch's end, before the next epoch.</summary>
    internal void Finish(StopReason reason)
    {
        _position.IsFinished = true;
        Trainer.History.StopReason = reason;
    }
}
