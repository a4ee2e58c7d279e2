using System.Runtime.InteropServices;
using NeuralNet.Compute;
using NeuralNet.Data;
using NeuralNet.IO;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Serialization;

namespace NeuralNet.Training;

public sealed partial class Trainer
{
    private (int Count, int Features, uint Checksum) _fingerprint;

    /// <summary>Saves everything needed to continue this run exactly, replacing <paramref name="path"/> atomically.</summary>
    /// <remarks>
    /// <para>A checkpoint holds the network (as a model file would), the dropout layers' generators, the loss, the
    /// optimizer with its per-parameter state and step count, the schedule and what it has learned, the options, the
    /// position (epoch, batch, the current epoch's sample order, the shuffle generator), early stopping's best weights,
    /// the history, and a fingerprint of the training set. <see cref="LoadCheckpoint(string)"/> reads it back, and
    /// <see cref="Fit"/> on the same training set then ends with the same weights as a run that never stopped: bit for
    /// bit on the managed compute backend, and to rounding on a native BLAS.</para>
    /// <para>The same atomic write as <see cref="Network.Save(string)"/>: a failure leaves an older file at the path intact.</para>
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
    /// <remarks>Call <see cref="Fit"/> with the same training (and validation) set to continue. Everything is validated before the trainer is built.</remarks>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidCheckpointFileException">The file is not a checkpoint, comes from a newer format, is truncated or damaged, or does not describe a valid run; the message says which.</exception>
    public static Trainer LoadCheckpoint(string path) => CheckpointFile.Load(path);

    /// <summary>Loads a checkpoint from <paramref name="stream"/>, reading exactly its bytes from the current position.</summary>
    /// <exception cref="ArgumentException">The stream cannot be read.</exception>
    /// <exception cref="InvalidCheckpointFileException">The data is not a valid checkpoint; the message says why.</exception>
    public static Trainer LoadCheckpoint(Stream stream) => CheckpointFile.Load(stream);

    /// <summary>Where the run is, for the checkpoint writer.</summary>
    internal TrainingState State => _state;

    /// <summary>Early stopping's best weights, when it keeps them.</summary>
    internal ParameterSnapshot? BestWeights => _bestWeights;

    /// <summary>The sample count, feature count and checksum of the inputs and labels of the training set the run started on (zeros before).</summary>
    internal (int Count, int Features, uint Checksum) TrainingSetFingerprint => _fingerprint;

    /// <summary>Rebuilds a trainer from a checkpoint's parts.</summary>
    internal static Trainer Restore(
        Network network,
        Loss loss,
        Optimizer optimizer,
        TrainerOptions options,
        TrainingState state,
        ParameterSnapshot? bestWeights,
        TrainingHistory history,
        (int Count, int Features, uint Checksum) fingerprint)
    {
        if (state.Order is { } order && fingerprint.Count != order.Length)
        {
            throw new ArgumentException($"The epoch in progress orders {order.Length} samples but the training set had {fingerprint.Count}.");
        }

        var trainer = new Trainer(network, loss, optimizer, options, state, resetSchedule: false)
        {
            _bestWeights = bestWeights,
            _fingerprint = fingerprint,
        };
        trainer.History.Restore(history.Epochs, history.StopReason, history.BestEpoch);
        return trainer;
    }

    // A CRC-32C of the inputs and labels: computed in hardware, it costs about 20 ms for MNIST's 188 MB, once per Fit.
    internal static (int Count, int Features, uint Checksum) Fingerprint(Dataset data) =>
        (data.Count, data.FeatureCount, Crc32C.Append(Crc32C.Compute(MemoryMarshal.AsBytes(data.Labels)), MemoryMarshal.AsBytes(MatrixSpans.Values(data.Inputs))));

    private void CheckFingerprint(Dataset train)
    {
        (int Count, int Features, uint Checksum) actual = Fingerprint(train);
        if (_fingerprint == default)
        {
            _fingerprint = actual;
        }
        else if (_fingerprint != actual)
        {
            throw new ArgumentException(
                $"This run began on a training set of {_fingerprint.Count} samples with {_fingerprint.Features} features (checksum 0x{_fingerprint.Checksum:X8}); "
                + $"Fit got {actual.Count} samples with {actual.Features} features (checksum 0x{actual.Checksum:X8}). Continue it on the same training set, loaded the same way.",
                "train");
        }
    }
}
