using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;

namespace NeuralNet.Training;

/// <summary>Trains a <see cref="Network"/> by gradient descent: batches, forward, loss gradient, backward, optimizer step, epoch after epoch.</summary>
/// <remarks>
/// <para>One step on a batch X (features × k) with one-hot targets Y: <c>A = network.Forward(X)</c>; the batch loss
/// is recorded; <c>network.Backward(loss, Y)</c> overwrites every gradient (the fused <c>dZ = A − Y</c> for softmax
/// with cross-entropy); gradients are clipped (<see cref="TrainerOptions.GradientClipNorm"/>) and the L2 penalty added
/// (<see cref="TrainerOptions.WeightDecay"/>); then <see cref="Optimizers.Optimizer.Step"/> updates the parameters.
/// After warm-up a step allocates nothing.</para>
/// <para>At the start of each epoch the samples are reshuffled (<see cref="TrainerOptions.Shuffle"/>, from
/// <see cref="TrainerOptions.Seed"/>) and the schedule sets the learning rate; at its end the validation set is
/// evaluated, a <see cref="EpochRecord"/> joins the <see cref="History"/>, early stopping and checkpoints are considered.</para>
/// <para>The trainer remembers where it is: after a cancelled <see cref="Fit"/>, calling it again continues with the
/// next batch; a checkpoint (see <see cref="SaveCheckpoint(string)"/>) holds the same position for another process.</para>
/// <para>Not thread-safe, and the network must not be trained elsewhere meanwhile; <c>Predict</c> on the same network
/// from other threads during training sees weights in the middle of an update.</para>
/// </remarks>
public sealed partial class Trainer
{
    /// <summary>How many batches apart the trainer saves the weights it can fall back to when training diverges.</summary>
    public const int DivergenceSnapshotInterval = 64;

    private readonly TrainingState _state;
    private readonly ParameterSnapshot _lastFinite;
    private ParameterSnapshot? _bestWeights;
    private double _chanceLoss;
    private int _epochSamples;

    /// <summary>Creates a trainer; nothing is trained until <see cref="Fit"/>.</summary>
    /// <param name="network">The network to train, in place.</param>
    /// <param name="loss">The loss to minimize, such as <see cref="CrossEntropyLoss"/>.</param>
    /// <param name="optimizer">The update rule; its learning rate is the schedule's base.</param>
    /// <param name="options">How to train; default <see cref="TrainerOptions"/>' defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it and its value.</exception>
    /// <exception cref="ArgumentException">An option combination is invalid.</exception>
    /// <remarks>A schedule that learns (<see cref="Schedules.ReduceOnPlateau"/>) is reset: it belongs to this run from now on.</remarks>
    public Trainer(Network network, Loss loss, Optimizer optimizer, TrainerOptions? options = null)
        : this(network, loss, optimizer, options ?? new TrainerOptions(), null, resetSchedule: true)
    {
    }

    private Trainer(Network network, Loss loss, Optimizer optimizer, TrainerOptions options, TrainingState? state, bool resetSchedule)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        options.Validate();

        Network = network;
        Loss = loss;
        Optimizer = optimizer;
        Options = options;
        _state = state ?? new TrainingState(options.Seed) { BaseLearningRate = optimizer.LearningRate };
        _lastFinite = new ParameterSnapshot(network.Parameters);
        if (resetSchedule)
        {
            options.Schedule.Reset();
        }
    }

    /// <summary>The network being trained.</summary>
    public Network Network { get; }

    /// <summary>The loss being minimized.</summary>
    public Loss Loss { get; }

    /// <summary>The update rule, with its per-parameter state.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The options.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Every epoch so far, across <see cref="Fit"/> calls and resumes.</summary>
    public TrainingHistory History { get; } = new();

    /// <summary>Epochs completed.</summary>
    public int CompletedEpochs => _state.Epoch;

    /// <summary>Batches (optimizer steps) completed.</summary>
    public long CompletedIterations => _state.Iterations;

    /// <summary>Whether training has ended: every epoch or iteration ran, or early stopping ended it. <see cref="Fit"/> then returns at once.</summary>
    public bool IsFinished => _state.IsFinished;

    /// <summary>Trains on <paramref name="train"/> until the epochs or iterations are done, early stopping ends it, or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <remarks>
    /// <para>Sets the network's <see cref="Network.InputScaling"/> to the training set's, so that <c>Predict</c> takes raw
    /// inputs afterwards; a validation set loaded with another scaling is rescaled to it.</para>
    /// <para>Cancellation is honoured between batches: the network keeps the weights after the last completed batch,
    /// the history so far is returned with <see cref="StopReason.Cancelled"/>, a checkpoint is written when
    /// <see cref="TrainerOptions.CheckpointPath"/> is set, and a later call continues where this one stopped.</para>
    /// </remarks>
    /// <param name="train">Labelled training samples with the network's feature count.</param>
    /// <param name="validation">Labelled samples evaluated after every epoch; required by early stopping.</param>
    /// <param name="progress">Receives a report after every batch and at the end of every epoch.</param>
    /// <param name="cancellationToken">Stops training after the current batch.</param>
    /// <returns><see cref="History"/>.</returns>
    /// <exception cref="ArgumentException">A dataset does not fit the network or the options (the message names it and the sizes).</exception>
    /// <exception cref="TrainingDivergedException">The loss or a parameter became NaN or infinite, the loss exploded, or a layer died; the network keeps finite weights.</exception>
    public TrainingHistory Fit(Dataset train, Dataset? validation = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        CheckData(train, validation);
        if (_state.IsFinished)
        {
            return History;
        }

        CheckFingerprint(train);

        Network.InputScaling = train.Scaling;
        _chanceLoss = DivergenceMonitor.ChanceLoss(Loss, Network.OutputSize);
        _epochSamples = train.Count;
        Dataset? scaledValidation = validation?.WithScaling(train.Scaling);
        var batches = new BatchSource(train, Network.OutputSize, Options.BatchSize);
        var evaluator = scaledValidation is null ? null : new Evaluator(Network);
        bool wasTraining = Network.IsTraining;
        Network.IsTraining = true;
        try
        {
            while (!_state.IsFinished)
            {
                if (_state.Order is null)
                {
                    StartEpoch(train.Count);
                }

                if (!RunBatches(batches, progress, cancellationToken))
                {
                    History.StopReason = StopReason.Cancelled;
                    if (Options.CheckpointPath is not null)
                    {
                        SaveCheckpoint(Options.CheckpointPathFor(_state.Epoch));
                        History.LastCheckpoint = Options.CheckpointPathFor(_state.Epoch);
                    }

                    return History;
                }

                EndEpoch(batches, scaledValidation, evaluator, progress);
            }

            return History;
        }
        finally
        {
            Network.IsTraining = wasTraining;
        }
    }

    private void CheckData(Dataset train, Dataset? validation)
    {
        Evaluator.CheckFits(Network, train, nameof(train), "The training set");
        if (train.Count == 0)
        {
            throw new ArgumentException("The training set is empty.", nameof(train));
        }

        if (validation is not null)
        {
            Evaluator.CheckFits(Network, validation, nameof(validation), "The validation set");
        }
        else if (Options.EarlyStopping is { } early)
        {
            throw new ArgumentException(
                $"TrainerOptions.EarlyStopping watches the {(early.Metric == EarlyStoppingMetric.ValidationLoss ? "validation loss" : "validation accuracy")}, so Fit needs a validation set.",
                nameof(validation));
        }

        if (_state.Order is { } order && order.Length != train.Count)
        {
            throw new ArgumentException(
                $"This run stopped in the middle of an epoch over {order.Length} training samples; it cannot continue on a training set of {train.Count}.",
                nameof(train));
        }
    }

    private void StartEpoch(int count)
    {
        int[] order = new int[count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        if (Options.Shuffle)
        {
            _state.Random.Shuffle(order.AsSpan());
        }

        float rate = Options.Schedule.RateAt(_state.Epoch, _state.BaseLearningRate);
        Optimizer.LearningRate = rate;
        _state.StartEpoch(order, rate);
        _lastFinite.Capture(Network.Parameters);
    }

    /// <summary>Runs the epoch's remaining batches; false when cancelled before the epoch's end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool RunBatches(BatchSource batches, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        int[] order = _state.Order!;
        while (_state.BatchInEpoch < batches.BatchesPerEpoch)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            long started = Stopwatch.GetTimestamp();
            BatchSource.Batch batch = batches.Get(order, _state.BatchInEpoch);
            Step(batch);
            _state.TrainSeconds += Stopwatch.GetElapsedTime(started).TotalSeconds;
            _state.BatchInEpoch++;
            _state.Iterations++;

            if (_state.BatchInEpoch % DivergenceSnapshotInterval == 0)
            {
                _lastFinite.Capture(Network.Parameters);
            }

            progress?.Report(new TrainingProgress(
                _state.Epoch + 1,
                _state.BatchInEpoch,
                batches.BatchesPerEpoch,
                _state.Iterations,
                _state.LossSum / _state.Samples,
                (double)_state.Correct / _state.Samples,
                _state.Samples / Math.Max(_state.TrainSeconds, 1e-9),
                null));

            if (Options.Iterations is long limit && _state.Iterations >= limit)
            {
                break;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Step(BatchSource.Batch batch)
    {
        Matrix<float> output = Network.Forward(batch.Inputs);
        float loss = Loss.Compute(output, batch.Targets);
        if (!float.IsFinite(loss))
        {
            throw Diverged($"the loss became {loss}");
        }

        if (DivergenceMonitor.Observe(_state, Network, loss, batch.Count, _chanceLoss, Options.LossExplosionFactor, _epochSamples) is { } why)
        {
            throw Diverged(why);
        }

        _state.LossSum += (double)loss * batch.Count;
        _state.Correct += CountCorrect(output, batch.LabelArray);
        _state.Samples += batch.Count;

        Network.Backward(Loss, batch.Targets);
        IReadOnlyList<Parameter> parameters = Network.Parameters;
        if (Options.GradientClipNorm is float maxNorm)
        {
            ClipGradients(parameters, maxNorm);
        }

        if (Options.WeightDecay > 0f)
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                Span<float> gradient = parameters[i].GradientSpan;
                SpanKernels.MultiplyAdd(parameters[i].ValueSpan, Options.WeightDecay, gradient, gradient); // g ← g + λ·θ
            }
        }

        if (Optimizer.StepAndFindNonFinite(parameters) is int bad and >= 0)
        {
            throw Diverged($"parameter {parameters[bad]} became NaN or infinite after the update");
        }
    }

    /// <summary>The index of the first parameter holding a NaN or an infinity, or −1 when all are finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    private void ClipGradients(IReadOnlyList<Parameter> parameters, float maxNorm)
    {
        double squares = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            squares += TensorPrimitives.SumOfSquares(parameters[i].GradientSpan);
        }

        double norm = Math.Sqrt(squares);
        if (!double.IsFinite(norm))
        {
            throw Diverged("the gradient's norm became NaN or infinite");
        }

        if (norm > maxNorm)
        {
            // As clip_grad_norm_: scale by max/(norm + 1e-6), so the clipped norm sits just under the bound.
            float factor = (float)(maxNorm / (norm + 1e-6));
            for (int i = 0; i < parameters.Count; i++)
            {
                parameters[i].GradientSpan.Scale(factor);
            }
        }
    }

    /// <summary>How many columns of <paramref name="output"/> have their largest value at the sample's label.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static long CountCorrect(Matrix<float> output, int[] labels)
    {
        long correct = 0;
        for (int j = 0; j < labels.Length; j++)
        {
            if (Elementwise.ArgMax(MatrixSpans.Column(output, j)) == labels[j])
            {
                correct++;
            }
        }

        return correct;
    }

    private TrainingDivergedException Diverged(string what)
    {
        IReadOnlyList<Parameter> parameters = Network.Parameters;
        if (FirstNonFinite(parameters) >= 0)
        {
            _lastFinite.Restore(parameters);
        }

        _state.IsFinished = true;
        return new TrainingDivergedException(_state.Epoch + 1, _state.BatchInEpoch + 1, Optimizer.LearningRate, what);
    }

    private void EndEpoch(BatchSource batches, Dataset? validation, Evaluator? evaluator, IProgress<TrainingProgress>? progress)
    {
        long started = Stopwatch.GetTimestamp();
        Evaluation? evaluation = null;
        if (validation is not null)
        {
            Network.IsTraining = false;
            evaluation = evaluator!.Run(validation, Loss);
            Network.IsTraining = true;
        }

        _state.Epoch++;
        var record = new EpochRecord(
            _state.Epoch,
            _state.Iterations,
            _state.Samples,
            _state.LossSum / _state.Samples,
            (double)_state.Correct / _state.Samples,
            evaluation?.Loss,
            evaluation?.Accuracy,
            _state.EpochLearningRate,
            _state.TrainSeconds + Stopwatch.GetElapsedTime(started).TotalSeconds,
            _state.Samples / Math.Max(_state.TrainSeconds, 1e-9));
        History.Add(record);
        _state.Order = null;

        Options.Schedule.Observe(_state.Epoch - 1, record.ValidationLoss ?? record.TrainLoss);
        bool stopped = ConsiderEarlyStopping(record);
        bool done = stopped
            || (Options.Iterations is long limit ? _state.Iterations >= limit : _state.Epoch >= Options.Epochs);
        if (done)
        {
            _state.IsFinished = true;
            History.StopReason = stopped ? StopReason.EarlyStopped : StopReason.Completed;
        }

        if (Options.CheckpointEvery > 0 && (_state.Epoch % Options.CheckpointEvery == 0 || done))
        {
            string path = Options.CheckpointPathFor(_state.Epoch);
            SaveCheckpoint(path);
            History.LastCheckpoint = path;
        }

        progress?.Report(new TrainingProgress(
            _state.Epoch, batches.BatchesPerEpoch, batches.BatchesPerEpoch, _state.Iterations, record.TrainLoss, record.TrainAccuracy, record.SamplesPerSecond, record));
    }

    /// <summary>Updates early stopping's memory with the epoch's record; true when training should stop (the best weights are back).</summary>
    private bool ConsiderEarlyStopping(EpochRecord record)
    {
        if (Options.EarlyStopping is not { } rule)
        {
            return false;
        }

        double value = rule.ValueOf(record);
        if (rule.Improves(value, _state.BestMetric))
        {
            _state.BestMetric = value;
            _state.BestEpoch = record.Epoch;
            _state.BadEpochs = 0;
            if (rule.RestoreBestWeights)
            {
                (_bestWeights ??= new ParameterSnapshot(Network.Parameters)).Capture(Network.Parameters);
            }
        }
        else
        {
            _state.BadEpochs++;
        }

        History.BestEpoch = _state.BestEpoch == 0 ? null : _state.BestEpoch;
        if (_state.BadEpochs < rule.Patience)
        {
            return false;
        }

        if (rule.RestoreBestWeights && _bestWeights is { IsCaptured: true } best)
        {
            best.Restore(Network.Parameters);
        }

        return true;
    }
}
