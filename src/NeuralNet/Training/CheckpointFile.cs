using NeuralNet.IO;
using NeuralNet.Layers;
using NeuralNet.Serialization;

namespace NeuralNet.Training;

/// <summary>Saves and loads training checkpoints; <see cref="Trainer.SaveCheckpoint(string)"/> and <see cref="Trainer.LoadCheckpoint(string)"/> forward here.</summary>
/// <remarks>
/// <para>A checkpoint is the model-file container with its own signature (<c>\x89NNC</c>) and this body, described in
/// <c>docs/model-format.md</c>: the network exactly as a model file holds it (names included), each layer's training
/// state (a dropout layer's generator), the loss, the optimizer with its state, the options with the schedule, the
/// loop's position, one section per built-in callback that keeps a memory (the schedule's base rate, divergence
/// detection, early stopping with its best weights), the history, and a fingerprint of the training set.</para>
/// <para>Saving is atomic and loading validates everything before a trainer is built, as for model files.</para>
/// </remarks>
internal static class CheckpointFile
{
    /// <summary>The format version of checkpoints this library writes, and the newest it reads.</summary>
    /// <remarks>Version 2 (NeuralNet 0.2) gives each callback its section; version 1 (NeuralNet 0.1) is not read.</remarks>
    public const uint Version = 2;

    /// <summary>The checkpoint kind of the shared container: the signature "\x89NNC\r\n\x1A\n".</summary>
    public static BinaryFileKind Kind { get; } = new(
        "checkpoint",
        "Trainer.LoadCheckpoint",
        BinaryFileKind.SignatureOf((byte)'C'),
        Version,
        (path, offset, reason, inner) => new InvalidCheckpointFileException(path, offset, reason, inner),
        oldestVersion: Version);

    /// <summary>Saves <paramref name="trainer"/> to <paramref name="path"/>, atomically.</summary>
    public static void Save(Trainer trainer, string path) =>
        BinaryFileStore.Save(path, Kind, $"the checkpoint of {trainer.Network}", writer => Write(writer, trainer));

    /// <summary>Writes <paramref name="trainer"/> to <paramref name="stream"/> at its current position.</summary>
    public static void Save(Trainer trainer, Stream stream) =>
        BinaryFileStore.Save(stream, Kind, $"the checkpoint of {trainer.Network}", writer => Write(writer, trainer));

    /// <summary>Loads the trainer saved in <paramref name="path"/>.</summary>
    public static Trainer Load(string path) => BinaryFileStore.Load(path, Kind, Read);

    /// <summary>Loads a trainer from <paramref name="stream"/>, reading exactly the checkpoint's bytes.</summary>
    public static Trainer Load(Stream stream) => BinaryFileStore.Load(stream, Kind, Read);

    private static void Write(BinaryFileWriter writer, Trainer trainer)
    {
        Network network = trainer.Network;
        NetworkCodec.Write(writer, network, withNames: true);
        foreach (Layer layer in network.Layers)
        {
            WriteSection(writer, w => LayerKinds.For(layer)!.WriteTrainingState(w, layer));
        }

        TrainingCodec.WriteLoss(writer, trainer.Loss);
        OptimizerCodec.Write(writer, trainer.Optimizer, network.Parameters);
        ScheduleCodec.Write(writer, trainer.Options.Schedule);
        TrainingCodec.WriteOptions(writer, trainer.Options);
        PositionCodec.Write(writer, trainer.Position);

        ICheckpointedState[] states = [.. trainer.CheckpointedStates];
        writer.WriteCount(states.Length);
        foreach (ICheckpointedState state in states)
        {
            writer.WriteString(state.StateName);
            WriteSection(writer, state.WriteState);
        }

        TrainingCodec.WriteHistory(writer, trainer.History);
        (int count, int features, uint checksum) = trainer.TrainingSetFingerprint;
        writer.WriteCount(count);
        writer.WriteCount(features);
        writer.WriteUInt32(checksum);
    }

    private static Trainer Read(BinaryFileReader reader)
    {
        Network network = NetworkCodec.Read(reader, endsBody: false, withNames: true);
        for (int i = 0; i < network.Layers.Count; i++)
        {
            Layer layer = network.Layers[i];
            ReadSection(reader, $"the training state of layer {i}", () => LayerKinds.For(layer)!.ReadTrainingState(reader, layer));
        }

        var loss = TrainingCodec.ReadLoss(reader);
        var optimizer = OptimizerCodec.Read(reader, network.Parameters);
        var schedule = ScheduleCodec.Read(reader);
        TrainerOptions options = TrainingCodec.ReadOptions(reader, schedule);
        TrainingPosition position = PositionCodec.Read(reader);
        Trainer trainer = TrainingCodec.Construct(reader, 0, () => Trainer.Restore(network, loss, optimizer, options, position));

        ICheckpointedState[] states = [.. trainer.CheckpointedStates];
        int countOffset = reader.Offset;
        int count = reader.ReadCount("the callback section count");
        if (count != states.Length)
        {
            throw reader.Error(
                countOffset,
                $"it holds {count} callback sections but a run with these options keeps {states.Length} ({string.Join(", ", states.Select(s => s.StateName))}); the sizes in the file do not fit together.");
        }

        foreach (ICheckpointedState state in states)
        {
            int nameOffset = reader.Offset;
            string name = reader.ReadString("a callback section's name");
            if (name != state.StateName)
            {
                throw reader.Error(nameOffset, $"it holds the callback section '{name}' where a run with these options keeps '{state.StateName}'.");
            }

            ReadSection(reader, $"the '{name}' section", () => state.ReadState(reader, trainer));
        }

        TrainingCodec.ReadHistory(reader, trainer.History);
        int samples = reader.ReadCount("the training set's sample count");
        int features = reader.ReadCount("the training set's feature count");
        uint checksum = reader.ReadUInt32("the training set's checksum");
        if (position.Order is { } order && samples != order.Length)
        {
            throw reader.Error(reader.Offset - 12, $"the epoch in progress orders {order.Length} samples but the training set had {samples}; the counts in the file do not fit together.");
        }

        trainer.TrainingSetFingerprint = (samples, features, checksum);
        return trainer;
    }

    // A section is its length and its bytes, so that the reader can check that its owner read exactly what it wrote.
    private static void WriteSection(BinaryFileWriter writer, Action<BinaryFileWriter> write)
    {
        using BinaryFileWriter counter = BinaryFileWriter.Counting();
        write(counter);
        writer.WriteCount(checked((int)counter.Length));
        write(writer);
    }

    private static void ReadSection(BinaryFileReader reader, string what, Action read)
    {
        int length = reader.ReadCount($"the length of {what}");
        reader.RequireBytes(length, what);
        int start = reader.Offset;
        read();
        if (reader.Offset - start != length)
        {
            throw reader.Error(start, $"{what} declares {length} bytes but its fields take {reader.Offset - start}; the sizes in the file do not fit together.");
        }
    }
}
