namespace NeuralNet.Training;

/// <summary>Why a call to <see cref="Trainer.Fit"/> returned.</summary>
public enum StopReason
{
    /// <summary>Training has not run yet.</summary>
    NotStarted,

    /// <summary>It ran all its epochs or iterations.</summary>
    Completed,

    /// <summary>Early stopping ended it (see <see cref="TrainingHistory.BestEpoch"/>).</summary>
    EarlyStopped,

    /// <summary>The cancellation token was cancelled; the network holds the weights after the last completed batch.</summary>
    Cancelled,

    /// <summary>Training diverged (<see cref="TrainingDivergedException"/>); the network holds the last finite weights.</summary>
    Diverged,

    /// <summary>A callback of the user's ended it (<see cref="TrainingContext.Stop"/>).</summary>
    Stopped,
}
