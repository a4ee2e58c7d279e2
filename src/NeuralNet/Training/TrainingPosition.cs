using System.Runtime.CompilerServices;
using NeuralNet.Randomness;

namespace NeuralNet.Training;

/// <summary>Where the training loop is: epochs and batches done, the current epoch's sample order and running sums, and the shuffle generator.</summary>
/// <remarks>
/// The loop's own state; each callback keeps its own. With theirs, the network's and the optimizer's, it is what a
/// checkpoint saves, so that a resumed run (or a second <see cref="Trainer.Fit"/> after a cancelled one) continues with the
/// same batches in the same order.
/// </remarks>
internal sealed class TrainingPosition(int seed)
{
    /// <summary>The generator of the shuffles.</summary>
    public SeededRandom Random { get; } = new(seed);

    /// <summary>Epochs completed.</summary>
    public int Epoch { get; set; }

    /// <summary>Batches completed since training began.</summary>
    public long Iterations { get; set; }

    /// <summary>Whether the run has ended (all epochs or iterations done, or a callback stopped it).</summary>
    public bool IsFinished { get; set; }

    /// <summary>The sample order of the epoch in progress; <see langword="null"/> between epochs.</summary>
    public int[]? Order { get; set; }

    /// <summary>Batches completed in the epoch in progress.</summary>
    public int BatchInEpoch { get; set; }

    /// <summary>Σ batch loss × batch size over the epoch's batches so far.</summary>
    public double LossSum { get; set; }

    /// <summary>Training samples of the epoch so far whose argmax matched the label.</summary>
    public long Correct { get; set; }

    /// <summary>Training samples of the epoch so far.</summary>
    public int Samples { get; set; }

    /// <summary>Seconds of training in the epoch so far (batches only).</summary>
    public double TrainSeconds { get; set; }

    /// <summary>Starts the sums of a new epoch over <paramref name="order"/>.</summary>
    public void StartEpoch(int[] order)
    {
        Order = order;
        BatchInEpoch = 0;
        LossSum = 0;
        Correct = 0;
        Samples = 0;
        TrainSeconds = 0;
    }

    /// <summary>Counts a finished batch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void EndBatch(float loss, int count, long correct, double seconds)
    {
        LossSum += (double)loss * count;
        Correct += correct;
        Samples += count;
        TrainSeconds += seconds;
        BatchInEpoch++;
        Iterations++;
    }
}
