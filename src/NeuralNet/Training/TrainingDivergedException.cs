using System.Globalization;

namespace NeuralNet.Training;

/// <summary>Thrown when training diverges: the loss or a parameter becomes NaN or infinite, the loss explodes, or a hidden layer dies.</summary>
/// <remarks>
/// <para>The last two leave every value finite (the softmax is stable and the logarithm guarded) but mean the run is
/// lost: see <see cref="TrainerOptions.LossExplosionFactor"/> for the exact rules.</para>
/// <para>
/// The network is left with finite weights: those before the step that failed when they are still finite, otherwise the
/// last finite ones the trainer saved (at most <see cref="Trainer.DivergenceSnapshotInterval"/> batches earlier).
/// The usual cure is a smaller learning rate.</para>
/// </remarks>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for a failure at <paramref name="epoch"/> and <paramref name="batch"/> (both from 1).</summary>
    /// <param name="epoch">The epoch, from 1.</param>
    /// <param name="batch">The batch within the epoch, from 1.</param>
    /// <param name="learningRate">The learning rate in use.</param>
    /// <param name="what">What became non-finite, such as "the loss became NaN".</param>
    public TrainingDivergedException(int epoch, int batch, float learningRate, string what)
        : base(FormatMessage(epoch, batch, learningRate, what))
    {
        Epoch = epoch;
        Batch = batch;
        LearningRate = learningRate;
    }

    /// <summary>Creates the exception with a message of your own.</summary>
    public TrainingDivergedException()
    {
    }

    /// <summary>Creates the exception with a message of your own.</summary>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message of your own and its cause.</summary>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The epoch in which training diverged, counted from 1.</summary>
    public int Epoch { get; }

    /// <summary>The batch of that epoch at which it diverged, counted from 1.</summary>
    public int Batch { get; }

    /// <summary>The learning rate in use when it diverged.</summary>
    public float LearningRate { get; }

    private static string FormatMessage(int epoch, int batch, float learningRate, string what)
    {
        string rate = learningRate.ToString("G4", CultureInfo.InvariantCulture);
        string smaller = (learningRate / 10f).ToString("G4", CultureInfo.InvariantCulture);
        return $"Training diverged at epoch {epoch}, batch {batch}, with learning rate {rate}: {what}. "
            + $"Try a smaller learning rate, such as {smaller}; the network keeps its last finite weights.";
    }
}
