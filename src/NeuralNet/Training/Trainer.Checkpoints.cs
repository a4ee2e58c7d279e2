using System.Runtime.InteropServices;
using NeuralNet.Compute;
using NeuralNet.Data;
using NeuralNet.IO;
using NeuralNet.Losses;
using NeuralNet.Optimizers;

namespace NeuralNet.Training;

public sealed partial class Trainer
{
    private (int Count, int Features, uint Checksum) _fingerprint;
    private Dataset? _fingerprintSource;

    /// <summary>Saves everything needed to continue this run exactly, replacing <paramref name="path"/> atomically.</summary>
    /// <remarks>
    /// <para>A checkpoint holds the network (as a model file would), the dropout layers' generators, the loss, the
    /// optimizer with its per-parameter state and step count, the schedule and what it has learned, the options, the
    /// position (epoch, batch, the current epoch's sample order, the shuffle generator), the built-in callbacks' memory
    /// (early stopping's best weights among it), the history, and a fingerprint of the training set.
    /// <see cref="LoadCheckpoint(string)"/> reads it back, and <see cref="Fit"/> on the same training set then ends with
    /// the same weights as a run that never stopped: bit for bit on the managed compute backend, and to rounding on a
    /// native BLAS. Your own <see cref="Callbacks"/> are not saved.</para>
    /// <para>The same atomic write as model files: a failure leaves an older file at the path intact.</para>
    /// </remarks>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    /// <exception cref="IOException">Writing or renaming failed; the previous file is unchanged.</exception>
    /// <exception cref="NotSupportedException">The loss, optimizer, schedule or a layer is a custom type checkpoints cannot hold.</exception>
    public void SaveCheckpoint(string path) => CheckpointFile.Save(this, path);

    /// <summary>Writes a checkpoint to <paramref name="stream"/> at its current position (neither flushed to the disk nor closed).</summary>
    /// <exception cref="ArgumentException">The stream cannot be written to.</exception>
    /// <exception cref="NotSupportedException">The loss, optimizer, schedule or a layer is a custom type checkpoints cannot hold.</exception>
    public void SaveCheckpoint(Stream stream) => CheckpointFile.Save(this, stream);

    /// <summary>Loads a checkpoint saved by <see cref="SaveCheckpoint(string)"/>: a trainer, with its network, that continues the run where it stopped.</summary>
    /// <remarks>Call <see cref="Fit"/> with the same training (and validation) set to continue; <see cref="ContinueWith"/> first to train longer or change what a run can change. Everything is validated before the trainer is built.</remarks>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidCheckpointFileException">The file is not a checkpoint, comes from a newer format, is truncated or damaged, or does not describe a valid run; the message says which.</exception>
    public static Trainer LoadCheckpoint(string path) => CheckpointFile.Load(path);

    /// <summary>Loads a checkpoint from <paramref name="stream"/>, reading exactly its bytes from the current position.</summary>
    /// <exception cref="ArgumentException">The stream cannot be read.</exception>
    /// <exception cref="InvalidCheckpointFileException">The data is not a valid checkpoint; the message says why.</exception>
    public static Trainer LoadCheckpoint(Stream stream) => CheckpointFile.Load(stream);

    /// <summary>Changes the options a run can change and keep its results exact: how long it runs, early stopping, checkpoints and the explosion check.</summary>
    /// <remarks>
    /// <para>For a trainer loaded from a checkpoint (or between two <see cref="Fit"/> calls): <see cref="TrainerOptions.Epochs"/>,
    /// <see cref="TrainerOptions.Iterations"/>, <see cref="TrainerOptions.EarlyStopping"/>, <see cref="TrainerOptions.CheckpointEvery"/>,
    /// <see cref="TrainerOptions.CheckpointPath"/> and <see cref="TrainerOptions.LossExplosionFactor"/> may differ; any other
    /// difference would make the continued run something else than the one that began, and is refused. A run that had
    /// completed or stopped early continues when the new options give it more epochs or iterations. Early stopping
    /// keeps what it has seen when its rule changes, and starts afresh when it is switched on.</para>
    /// <para>A schedule whose shape depends on the epoch count (a cosine over the run's epochs) keeps its shape: give the
    /// new count to a new run if the curve should stretch.</para>
    /// </remarks>
    /// <exception cref="ArgumentException">An option other than those differs; the message names every one.</exception>
    public void ContinueWith(TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string[] conflicts = ContinuableOptions.Conflicts(Options, options);
        if (conflicts.Length > 0)
        {
            throw new ArgumentException(
                $"A continued run keeps its {string.Join(", ", conflicts)}; only Epochs, Iterations, EarlyStopping, CheckpointEvery, CheckpointPath and LossExplosionFactor can change.",
                nameof(options));
        }

        if (!_builtIn.TryUpdate(options))
        {
            _builtIn = new BuiltInCallbacks(options, _builtIn.Scheduling.BaseLearningRate, _builtIn);
        }

        Options = options;
        if (_position.IsFinished && History.StopReason is StopReason.Completed or StopReason.EarlyStopped && !LimitReached())
        {
            _position.IsFinished = false;
        }
    }

    /// <summary>Where the loop is, for the checkpoint writer.</summary>
    internal TrainingPosition Position => _position;

    /// <summary>The built-in callbacks that keep a memory, in the order of their checkpoint sections.</summary>
    internal IEnumerable<ICheckpointedState> CheckpointedStates => _builtIn.Checkpointed;

    /// <summary>The sample count, feature count and checksum of the inputs and labels of the training set the run started on (zeros before).</summary>
    /// <remarks>Computed when first needed (a checkpoint, or a later <see cref="Fit"/> on another dataset object), so that a run which
    /// never needs it does not pay for a pass over the whole training set (20 ms for MNIST's 188 MB).</remarks>
    internal (int Count, int Features, uint Checksum) TrainingSetFingerprint
    {
        get
        {
            if (_fingerprint == default && _fingerprintSource is { } source)
            {
                _fingerprint = Fingerprint(source);
            }

            return _fingerprint;
        }

        set => _fingerprint = value;
    }

    /// <summary>Rebuilds a trainer from a checkpoint's parts; the callbacks' memory and the history are read into it next.</summary>
    internal static Trainer Restore(Network network, Loss loss, Optimizer optimizer, TrainerOptions options, TrainingPosition position) =>
        new(network, loss, optimizer, options, position);

    // A CRC-32C of the labels then the inputs: computed in hardware, it costs about 20 ms for MNIST's 188 MB, once per Fit.
    internal static (int Count, int Features, uint Checksum) Fingerprint(Dataset data)
    {
        System.IO.Hashing.Crc32 crc = Crc32C.Start();
        crc.Append(MemoryMarshal.AsBytes(data.Labels));
        crc.Append(MemoryMarshal.AsBytes(MatrixSpans.Values(data.InputMatrix)));
        return (data.Count, data.FeatureCount, crc.GetCurrentHashAsUInt32());
    }

    // The first Fit remembers its training set; a later one on the same object continues on it, one on another object
    // (a reloaded file, a resumed checkpoint) must hold the same samples, checked by their fingerprints.
    private void CheckFingerprint(Dataset train)
    {
        if (_fingerprint == default && _fingerprintSource is null)
        {
            _fingerprintSource = train;
            return;
        }

        if (ReferenceEquals(train, _fingerprintSource))
        {
            return;
        }

        (int Count, int Features, uint Checksum) actual = Fingerprint(train);
        if (TrainingSetFingerprint != actual)
        {
            (int count, int features, uint checksum) = TrainingSetFingerprint;
            throw new ArgumentException(
                $"This run began on a training set of {count} samples with {features} features (checksum 0x{checksum:X8}); "
                + $"Fit got {actual.Count} samples with {actual.Features} features (checksum 0x{actual.Checksum:X8}). Continue it on the same training set, loaded the same way.",
                "train");
        }
    }

    private bool LimitReached() => Options.Iterations is long limit ? _position.Iterations >= limit : _position.Epoch >= Options.Epochs;
}
