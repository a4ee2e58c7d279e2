using System.Diagnostics;
using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Data;
using NeuralNet.Losses;
using NeuralNet.Optimizers;

namespace NeuralNet.Training;

/// <summary>Trains a <see cref="Network"/> by gradient descent: shuffle, gather, forward, loss, backward, step, report, epoch after epoch.</summary>
/// <remarks>
/// <para>One step on a batch X (features × k) with one-hot targets Y: <c>A = network.Forward(X)</c>; the batch loss is
/// recorded; <c>network.Backward(loss, Y)</c> overwrites every gradient (the fused <c>dZ = A − Y</c> for softmax with
/// cross-entropy); gradients are clipped (<see cref="TrainerOptions.GradientClipNorm"/>) and the L2 penalty added
/// (<see cref="TrainerOptions.WeightDecay"/>); then <see cref="Optimizer.Step"/> updates the parameters. After warm-up a
/// step allocates nothing.</para>
/// <para>Everything else is a <see cref="TrainingCallback"/>, run in this order: the learning-rate schedule, divergence
/// detection, the <see cref="History"/>, early stopping, checkpoints, progress reports, then your own
/// <see cref="Callbacks"/>.</para>
/// <para>The trainer remembers where it is: after a cancelled <see cref="Fit"/>, calling it again continues with the next
/// batch; a checkpoint (<see cref="SaveCheckpoint(string)"/>) holds the same position for another process.</para>
/// <para>Not thread-safe, and the network must not be trained elsewhere meanwhile; <c>Predict</c> on the same network
/// from other threads during training sees weights in the middle of an update.</para>
/// </remarks>
public sealed partial class Trainer
{
    /// <summary>Trains on <paramref name="train"/> until the epochs or iterations are done, a callback ends it, or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <remarks>
    /// <para>Sets the network's <see cref="Network.InputScaling"/> (and its class names, when the training set has them) to
    /// the training set's, so that <c>Predict</c> takes raw inputs afterwards; a validation set loaded with another scaling
    /// is rescaled to it.</para>
    /// <para>Cancellation is honoured between batches: the network keeps the weights after the last completed batch, the
    /// history so far is returned with <see cref="StopReason.Cancelled"/>, a checkpoint is written when
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
        TrainingData.Check(this, train, validation, _position.Order);
        if (_position.IsFinished)
        {
            return History;
        }

        CheckFingerprint(train);
        TrainingData.Adopt(Network, train);
        var batches = new BatchSource(train, Network.OutputSize, Options.BatchSize);
        var run = new TrainingContext(this, _position, train, validation?.WithScaling(train.Scaling), batches.BatchesPerEpoch, progress);
        var validator = run.Validation is null ? null : new Evaluator(Network);
        TrainingCallback[] callbacks = [.. _builtIn.All, .. Callbacks];
        bool wasTraining = Network.IsTraining;
        Network.IsTraining = true;
        try
        {
            foreach (TrainingCallback callback in callbacks)
            {
                callback.OnFitStart(run);
            }

            while (!_position.IsFinished)
            {
                if (_position.Order is null)
                {
                    StartEpoch(run, callbacks);
                }

                while (_position.BatchInEpoch < batches.BatchesPerEpoch && !_position.IsFinished && !IterationsDone())
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        return End(run, callbacks, StopReason.Cancelled);
                    }

                    Step(run, callbacks, batches);
                }

                EndEpoch(run, callbacks, validator);
            }

            return End(run, callbacks, History.StopReason);
        }
        finally
        {
            batches.FinishAhead();
            Network.IsTraining = wasTraining;
        }
    }

    private void StartEpoch(TrainingContext run, TrainingCallback[] callbacks)
    {
        int[] order = [.. Enumerable.Range(0, run.Training.Count)];
        if (Options.Shuffle)
        {
            _position.Random.Shuffle(order.AsSpan());
        }

        _position.StartEpoch(order);
        foreach (TrainingCallback callback in callbacks)
        {
            callback.OnEpochStart(run);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Step(TrainingContext run, TrainingCallback[] callbacks, BatchSource batches)
    {
        long started = Stopwatch.GetTimestamp();
        BatchSource.Batch batch = batches.Get(_position.Order!, _position.BatchInEpoch); // gather
        Matrix<float> output = Network.Forward(batch.Inputs);                           // forward
        float loss = Loss.Compute(output, batch.Targets);                               // loss
        foreach (TrainingCallback callback in callbacks)
        {
            callback.OnBeforeBackward(run, new BatchLoss(loss, batch.Count));
        }

        long correct = Metrics.CountCorrect(output, batch.LabelArray);
        Network.Backward(Loss, batch.Targets);                                          // backward
        GradientTransforms.Apply(run, Options, _builtIn.Divergence);                     // clip, L2
        int nonFinite = Optimizer.StepAndFindNonFinite(Network.Parameters);             // step
        _position.EndBatch(loss, batch.Count, correct, Stopwatch.GetElapsedTime(started).TotalSeconds);
        foreach (TrainingCallback callback in callbacks)
        {
            callback.OnBatchEnd(run, new BatchOutcome(loss, batch.Count, nonFinite));   // report
        }
    }

    private void EndEpoch(TrainingContext run, TrainingCallback[] callbacks, Evaluator? validator)
    {
        long started = Stopwatch.GetTimestamp();
        Evaluation? validation = null;
        if (validator is not null)
        {
            Network.IsTraining = false;
            validation = validator.Run(run.Validation!, Loss);
            Network.IsTraining = true;
        }

        _position.Epoch++;
        var record = new EpochRecord(
            _position.Epoch,
            _position.Iterations,
            _position.Samples,
            run.RunningLoss,
            run.RunningAccuracy,
            validation?.Loss,
            validation?.Accuracy,
            Optimizer.LearningRate,
            _position.TrainSeconds + Stopwatch.GetElapsedTime(started).TotalSeconds,
            run.SamplesPerSecond);
        _position.Order = null;
        if (!_position.IsFinished && (Options.Iterations is null ? _position.Epoch >= Options.Epochs : IterationsDone()))
        {
            run.Finish(StopReason.Completed);
        }

        foreach (TrainingCallback callback in callbacks)
        {
            callback.OnEpochEnd(run, record);
        }
    }

    private TrainingHistory End(TrainingContext run, TrainingCallback[] callbacks, StopReason reason)
    {
        History.StopReason = reason;
        foreach (TrainingCallback callback in callbacks)
        {
            callback.OnFitEnd(run, reason);
        }

        return History;
    }

    private bool IterationsDone() => Options.Iterations is long limit && _position.Iterations >= limit;
}
