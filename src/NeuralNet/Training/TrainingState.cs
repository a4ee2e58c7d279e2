using NeuralNet.Randomness;

namespace NeuralNet.Training;

/// <summary>Where a training run is: the counters, the current epoch's order and running sums, and early stopping's memory.</summary>
/// <remarks>
/// Everything here (with the network, the optimizer's state and the schedule's) is what a checkpoint saves, so that a
/// resumed run continues exactly: the same remaining batches in the same order, the same random draws, the same rows.
/// </remarks>
internal sealed class TrainingState(int seed)
{
    /// <summary>The generator of the shuffles.</summary>
    public SeededRandom Random { get; } = new(seed);

    /// <summary>The learning rate of the optimizer when training began, the schedule's base.</summary>
    public float BaseLearningRate { get; set; }

    /// <summary>Epochs completed.</summary>
    public int Epoch { get; set; }

    /// <summary>Batches completed since training began.</summary>
    public long Iterations { get; set; }

    /// <summary>Whether the run has ended (all epochs or iterations done, or stopped early).</summary>
    public bool IsFinished { get; set; }

    /// <summary>The sample order of the epoch in progress; <see langword="null"/> between epochs.</summary>
    public int[]? Order { get; set; }

    /// <summary>Batches completed in the epoch in progress.</summary>
    public int BatchInEpoch { get; set; }

    /// <summary>The learning rate of the epoch in progress.</summary>
    public float EpochLearningRate { get; set; }

    /// <summary>Σ batch loss × batch size over the epoch's batches so far.</summary>
    public double LossSum { get; set; }

    /// <summary>Training samples of the epoch so far whose argmax matched the label.</summary>
    public long Correct { get; set; }

    /// <summary>Training samples of the epoch so far.</summary>
    public int Samples { get; set; }

    /// <summary>Seconds of training in the epoch so far (batches only).</summary>
    public double TrainSeconds { get; set; }

    /// <summary>The best watched value so far for early stopping (NaN before the first epoch).</summary>
    public double BestMetric { get; set; } = double.NaN;

    /// <summary>The epoch (from 1) that reached <see cref="BestMetric"/>; 0 before.</summary>
    public int BestEpoch { get; set; }

    /// <summary>Epochs in a row without improvement.</summary>
    public int BadEpochs { get; set; }

    /// <summary>Σ batch loss × batch size over the run's first samples, the divergence monitor's starting loss.</summary>
    public double ReferenceLossSum { get; set; }

    /// <summary>The samples in <see cref="ReferenceLossSum"/> (it stops growing at <see cref="DivergenceMonitor.WindowSamples"/>).</summary>
    public int ReferenceSamples { get; set; }

    /// <summary>The recent loss, an average over about <see cref="DivergenceMonitor.WindowSamples"/> samples; NaN before the first batch.</summary>
    public double RecentLoss { get; set; } = double.NaN;

    /// <summary>Per layer, the consecutive training samples for which it has output only zeros.</summary>
    public int[] DeadSamples { get; set; } = [];

    /// <summary>Starts the sums of a new epoch.</summary>
    public void StartEpoch(int[] order, float learningRate)
    {
        Order = order;
        BatchInEpoch = 0;
        EpochLearningRate = learningRate;
        LossSum = 0;
        Correct = 0;
        Samples = 0;
        TrainSeconds = 0;
    }
}
