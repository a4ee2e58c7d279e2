using System.Globalization;
using NeuralNet.Schedules;

namespace NeuralNet.Training;

/// <summary>How a <see cref="Trainer"/> runs: how long, in batches of what size, in what order, with which regularization.</summary>
/// <remarks>
/// <para>The three classic ways to train are settings of <see cref="BatchSize"/>: <see cref="FullBatch"/> (gradient
/// descent over all samples at once, usually with <see cref="Iterations"/>), 1 (per-sample stochastic gradient
/// descent), or any k in between (mini-batches).</para>
/// <para>The trainer checks the options when it is created and throws an <see cref="ArgumentException"/> naming the
/// option and its value, before any work.</para>
/// </remarks>
public sealed record TrainerOptions
{
    /// <summary>A <see cref="BatchSize"/> meaning "the whole training set in one batch" (full-batch gradient descent).</summary>
    public const int FullBatch = int.MaxValue;

    /// <summary>How many passes over the training set; default 10. Not consulted when <see cref="Iterations"/> is set.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>A fixed number of batches (optimizer steps) to train for instead of <see cref="Epochs"/>; default none.</summary>
    /// <remarks>With <see cref="FullBatch"/> every iteration is an epoch, as in the tutorials' 500 iterations of gradient descent.</remarks>
    public long? Iterations { get; init; }

    /// <summary>Samples per batch: 1 for per-sample SGD, <see cref="FullBatch"/> for full-batch gradient descent; default 32 (as Keras).</summary>
    /// <remarks>Sizes above the training set's count mean the whole set. The last batch of an epoch holds what is left.</remarks>
    public int BatchSize { get; init; } = 32;

    /// <summary>Whether the samples are reshuffled at the start of every epoch; default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The seed of the shuffles: the same seed (and the same network seed) gives bit-identical training; default 0.</summary>
    public int Seed { get; init; }

    /// <summary>The L2 penalty λ added to every gradient before the optimizer step (<c>g ← g + λ·θ</c>, as PyTorch's <c>weight_decay</c>, biases included); default 0.</summary>
    /// <remarks>The reported loss does not include the penalty (nor does PyTorch's). For <see cref="Optimizers.AdamW"/>, use its own decoupled decay instead.</remarks>
    public float WeightDecay { get; init; }

    /// <summary>When set, gradients are rescaled so that their global L2 norm over all parameters is at most this (as PyTorch's <c>clip_grad_norm_</c>); default none.</summary>
    public float? GradientClipNorm { get; init; }

    /// <summary>Training counts as diverged when the recent loss exceeds this many times the loss it started at (and twice a uniform guess's); default 4, <see langword="null"/> to turn the check off.</summary>
    /// <remarks>
    /// Besides NaN and infinite values, two finite signs stop a run with a <see cref="TrainingDivergedException"/>: the
    /// recent loss (the last batch, or an average over about 64 samples for smaller batches) rising above this factor
    /// times the mean loss of the run's first 64 samples while also worse than twice the loss of a uniform guess; and a
    /// hidden dense layer whose every output is 0 for a whole epoch's worth of consecutive samples (dead ReLUs, which
    /// pass no gradient back, so they stay dead).
    /// Only the first depends on this option.
    /// </remarks>
    public double? LossExplosionFactor { get; init; } = 4;

    /// <summary>The learning rate of each epoch, from the optimizer's rate at the start; default <see cref="LearningRateSchedule.Constant"/>.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Stops training when a validation metric stops improving; default none.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>Write a checkpoint after every this many epochs (0: never); default 0. Needs <see cref="CheckpointPath"/>.</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>Where checkpoints go: a path in which <c>{epoch}</c> is replaced by the number of completed epochs, such as <c>runs/checkpoint-epoch-{epoch}.nnc</c>; default none.</summary>
    /// <remarks>When set, cancelling a run also writes a checkpoint there, so that it can be resumed; in the middle of an epoch,
    /// <c>{epoch}</c> becomes the epochs completed and the batches of the next, such as <c>3-batch-120</c>, so it never replaces the checkpoint of an epoch's end.</remarks>
    public string? CheckpointPath { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option that is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range; the message names it and its value.</exception>
    /// <exception cref="ArgumentException">Checkpointing is asked for without a path.</exception>
    public void Validate()
    {
        if (Epochs < 1)
        {
            throw Bad(nameof(Epochs), Epochs, "must be at least 1");
        }

        if (Iterations is < 1)
        {
            throw Bad(nameof(Iterations), Iterations, "must be at least 1 when set");
        }

        if (BatchSize < 1)
        {
            throw Bad(nameof(BatchSize), BatchSize, "must be at least 1 (1 for per-sample SGD, TrainerOptions.FullBatch for full-batch gradient descent)");
        }

        if (!(WeightDecay >= 0f) || !float.IsFinite(WeightDecay))
        {
            throw Bad(nameof(WeightDecay), WeightDecay, "must be a finite number of at least 0");
        }

        if (GradientClipNorm is { } clip && (!(clip > 0f) || !float.IsFinite(clip)))
        {
            throw Bad(nameof(GradientClipNorm), clip, "must be a positive finite number when set");
        }

        if (LossExplosionFactor is double factor && (!(factor > 1) || !double.IsFinite(factor)))
        {
            throw Bad(nameof(LossExplosionFactor), factor, "must be a finite number above 1 when set");
        }

        ArgumentNullException.ThrowIfNull(Schedule, nameof(Schedule));
        if (CheckpointEvery < 0)
        {
            throw Bad(nameof(CheckpointEvery), CheckpointEvery, "must be 0 (never) or a positive number of epochs");
        }

        if (CheckpointEvery > 0 && string.IsNullOrWhiteSpace(CheckpointPath))
        {
            throw new ArgumentException($"TrainerOptions.CheckpointEvery is {CheckpointEvery} but no CheckpointPath says where checkpoints go.", nameof(CheckpointPath));
        }
    }

    /// <summary>The checkpoint path for <paramref name="epoch"/> completed epochs, and <paramref name="batch"/> batches of the next when a checkpoint is written in the middle of an epoch.</summary>
    /// <remarks>A mid-epoch checkpoint's name says so (<c>{epoch}</c> becomes <c>3-batch-120</c>), so it never replaces the checkpoint of an epoch's end.</remarks>
    internal string CheckpointPathFor(int epoch, int? batch = null) =>
        (CheckpointPath ?? throw new InvalidOperationException("No checkpoint path is set."))
            .Replace(
                "{epoch}",
                batch is int b
                    ? string.Create(CultureInfo.InvariantCulture, $"{epoch}-batch-{b}")
                    : epoch.ToString(CultureInfo.InvariantCulture),
                StringComparison.Ordinal);

    private static ArgumentOutOfRangeException Bad(string option, object? value, string rule) =>
        new(option, value, $"TrainerOptions.{option} is {Format(value)}; it {rule}.");

    private static string Format(object? value) =>
        value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString() ?? "null";
}
