using System.Globalization;
using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using NeuralNet.IO;
using NeuralNet.Layers;
using NeuralNet.Losses;

namespace NeuralNet.Training;

/// <summary>The built-in callback that stops a run that has diverged, leaving the network with finite weights.</summary>
/// <remarks>
/// <para>Four signs, each a <see cref="TrainingDivergedException"/>: the loss is NaN or infinite; a parameter is NaN or
/// infinite after the update (the optimizers check while they write); the loss exploded; a layer died. With a stable
/// softmax and a guarded logarithm the loss stays finite however bad the weights get, so NaN alone does not reveal
/// divergence.</para>
/// <para><b>Explosion</b>: the recent loss (the last batch, or an exponential average over about
/// <see cref="WindowSamples"/> samples when batches are smaller) exceeds <see cref="TrainerOptions.LossExplosionFactor"/>
/// times the loss the run started at (the mean over its first <see cref="WindowSamples"/> samples) and is also worse than
/// twice the loss of a uniform guess (ln 10 ≈ 2.3 for ten classes with cross-entropy; for a regression, the loss of predicting each target's mean). The second condition keeps a
/// run that starts from an already trained network, whose starting loss is tiny, from being stopped by ordinary
/// fluctuations; the same rule (a smoothed loss over 4× its best) is how learning-rate finders recognize divergence.
/// <b>Death</b>: a hidden dense or convolution layer whose every output is exactly 0 passes no gradient back, so neither it nor the
/// layers before it change (with plain SGD); once that has lasted for a whole epoch's worth of consecutive samples it
/// is 0 for every training sample and can never learn again (dead ReLUs). A shorter silence is not enough: a layer
/// dead for a few hundred samples can come back on others, and such runs do recover.</para>
/// <para>The loss signs are read before the batch's backward pass, so the update that would follow is never made. The
/// weights are saved every <see cref="SnapshotInterval"/> batches and at each epoch's start, and put back when a
/// parameter is no longer finite. Its memory (the starting and recent loss, the silent samples per layer) is in
/// checkpoints, so a resumed run judges exactly as the uninterrupted one.</para>
/// </remarks>
internal sealed class DivergenceMonitor(double? explosionFactor) : TrainingCallback, ICheckpointedState
{
    /// <summary>The samples over which the starting and the recent loss are measured.</summary>
    public const int WindowSamples = 64;

    /// <summary>How many batches apart the weights to fall back to are saved.</summary>
    public const int SnapshotInterval = 64;

    private ParameterSnapshot? _lastFinite;
    private double _chanceLoss;
    private double _referenceLossSum;
    private int _referenceSamples;
    private double _recentLoss = double.NaN;
    private int[] _deadSamples = [];

    /// <summary>The explosion factor, or null for no explosion check.</summary>
    public double? ExplosionFactor { get; set; } = explosionFactor;

    /// <inheritdoc />
    public string StateName => "divergence";

    /// <summary>The loss of predicting every class with equal probability, the level a network that learned nothing sits at.</summary>
    public static double ChanceLoss(Loss loss, int classes)
    {
        Matrix<float> uniform = MatrixSpans.Dense(classes, 1);
        MatrixSpans.Values(uniform).Fill(1f / classes);
        Matrix<float> target = MatrixSpans.Dense(classes, 1);
        target[0, 0] = 1f;
        return loss.Compute(uniform, target);
    }

    /// <summary>The loss of predicting every training target's mean, the level a regression that learned nothing sits at.</summary>
    public static double MeanGuessLoss(Loss loss, Matrix<float> targets)
    {
        Matrix<float> means = MatrixSpans.Dense(targets.RowCount, targets.ColumnCount);
        for (int t = 0; t < targets.RowCount; t++)
        {
            double mean = targets.Row(t).Sum() / (double)targets.ColumnCount;
            means.SetRow(t, Enumerable.Repeat((float)mean, targets.ColumnCount).ToArray());
        }

        return loss.Compute(means, targets);
    }

    /// <inheritdoc />
    public override void OnFitStart(TrainingContext context)
    {
        _chanceLoss = context.Training.Targets is { } targets
            ? MeanGuessLoss(context.Trainer.Loss, targets)
            : ChanceLoss(context.Trainer.Loss, context.Network.OutputSize);
        _lastFinite ??= new ParameterSnapshot(context.Network.Parameters);
    }

    /// <inheritdoc />
    public override void OnEpochStart(TrainingContext context) => _lastFinite!.Capture(context.Network.Parameters);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void OnBeforeBackward(TrainingContext context, in BatchLoss loss)
    {
        if (!float.IsFinite(loss.Value))
        {
            throw LossNotFinite(context, loss.Value);
        }

        if (Observe(context, loss.Value, loss.Count) is { } why)
        {
            throw Diverged(context, context.BatchInEpoch + 1, why);
        }
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void OnBatchEnd(TrainingContext context, in BatchOutcome outcome)
    {
        if (outcome.FirstNonFiniteParameter >= 0)
        {
            throw ParameterNotFinite(context, outcome.FirstNonFiniteParameter);
        }

        if (context.BatchInEpoch % SnapshotInterval == 0)
        {
            _lastFinite!.Capture(context.Network.Parameters);
        }
    }

    /// <summary>Ends the run: puts the last finite weights back if a parameter is not finite, and returns the exception to throw.</summary>
    /// <param name="context">The run.</param>
    /// <param name="batch">The batch of the epoch (from 1) that diverged.</param>
    /// <param name="what">What happened, as a clause.</param>
    public TrainingDivergedException Diverged(TrainingContext context, int batch, string what)
    {
        IReadOnlyList<Parameter> parameters = context.Network.Parameters;
        if (FirstNonFinite(parameters) >= 0)
        {
            _lastFinite?.Restore(parameters);
        }

        context.Finish(StopReason.Diverged);
        return new TrainingDivergedException(context.Epoch, batch, context.Optimizer.LearningRate, what);
    }

    /// <inheritdoc />
    public void WriteState(BinaryFileWriter writer)
    {
        writer.WriteDouble(_referenceLossSum);
        writer.WriteCount(_referenceSamples);
        writer.WriteDouble(_recentLoss);
        writer.WriteCount(_deadSamples.Length);
        foreach (int dead in _deadSamples)
        {
            writer.WriteCount(dead);
        }
    }

    /// <inheritdoc />
    public void ReadState(BinaryFileReader reader, Trainer trainer)
    {
        _referenceLossSum = reader.ReadDouble("the divergence monitor's starting loss");
        _referenceSamples = reader.ReadCount("the divergence monitor's starting samples");
        _recentLoss = reader.ReadDouble("the divergence monitor's recent loss");
        int layers = reader.ReadCount("the divergence monitor's layer count", 0, reader.Remaining / sizeof(int));
        _deadSamples = new int[layers];
        for (int i = 0; i < layers; i++)
        {
            _deadSamples[i] = reader.ReadCount("a layer's consecutive dead samples");
        }
    }

    /// <summary>The index of the first parameter holding a NaN or an infinity, or −1 when all are finite.</summary>
    internal static int FirstNonFinite(IReadOnlyList<Parameter> parameters)
    {
        for (int i = 0; i < parameters.Count; i++)
        {
            if (!Elementwise.AllFinite(parameters[i].ValueSpan))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Takes one batch's loss; returns why the run diverged, or <see langword="null"/> while it has not.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? Observe(TrainingContext context, float batchLoss, int count)
    {
        if (_referenceSamples < WindowSamples)
        {
            _referenceLossSum += (double)batchLoss * count;
            _referenceSamples += count;
        }

        // An average over about WindowSamples samples: one batch of 64 or more is its own window.
        double weight = Math.Min(1.0, (double)count / WindowSamples);
        _recentLoss = double.IsNaN(_recentLoss) ? batchLoss : _recentLoss + (weight * (batchLoss - _recentLoss));

        if (ExplosionFactor is double f && _referenceSamples >= WindowSamples)
        {
            double start = _referenceLossSum / _referenceSamples;
            if (_recentLoss > f * start && _recentLoss > 2 * _chanceLoss)
            {
                return Exploded(f, start);
            }
        }

        return DeadLayer(context.Network, count, context.Training.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? DeadLayer(Network network, int count, int epochSamples)
    {
        IReadOnlyList<Layer> layers = network.Layers;
        if (_deadSamples.Length != layers.Count)
        {
            _deadSamples = new int[layers.Count];
        }

        for (int i = 0; i < layers.Count - 1; i++)
        {
            Matrix<float>? activations = layers[i] switch
            {
                DenseLayer dense => dense.LastActivations,
                Conv2D conv => conv.LastActivations,
                _ => null,
            };
            if (activations is null)
            {
                continue;
            }

            // Any value but ±0 (a NaN too) means the layer is alive; a live layer has one within its first few values, so
            // the scan stops at once, and only a silent layer (the rare case) is read to its end.
            if (MatrixSpans.Values(activations).IndexOfAnyExcept(0f) >= 0)
            {
                _deadSamples[i] = 0;
                continue;
            }

            _deadSamples[i] = (int)Math.Min(int.MaxValue, (long)_deadSamples[i] + count);
            if (_deadSamples[i] >= epochSamples)
            {
                return Died(i, layers[i]);
            }
        }

        return null;
    }

    // The per-batch checks above are compiled optimized at their first call; the messages are built apart, compiled only
    // when one is needed (see the remarks of Compute.Elementwise).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private TrainingDivergedException LossNotFinite(TrainingContext context, float loss) =>
        Diverged(context, context.BatchInEpoch + 1, $"the loss became {loss.ToString(CultureInfo.InvariantCulture)}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private TrainingDivergedException ParameterNotFinite(TrainingContext context, int parameter) =>
        Diverged(context, context.BatchInEpoch, $"parameter {context.Network.Parameters[parameter]} became NaN or infinite after the update");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private string Exploded(double factor, double start) => string.Create(
        CultureInfo.InvariantCulture,
        $"the loss exploded: the recent loss {_recentLoss:G4} is more than {factor:G3} times the {start:G4} the run started at and worse than twice a uniform guess ({_chanceLoss:G4})");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private string Died(int layer, Layer which) => string.Create(
        CultureInfo.InvariantCulture,
        $"every unit of layer {layer} ({which}) has output 0 for each of the last {_deadSamples[layer]} samples, a whole epoch, so no gradient reaches it or the layers before it any more (its units died, as ReLUs do after too large a step)");
}
