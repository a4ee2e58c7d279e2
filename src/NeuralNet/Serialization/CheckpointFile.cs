using NeuralNet.IO;
using NeuralNet.Layers;
using NeuralNet.Randomness;
using NeuralNet.Training;

namespace NeuralNet.Serialization;

/// <summary>Saves and loads training checkpoints; <see cref="Trainer.SaveCheckpoint(string)"/> and <see cref="Trainer.LoadCheckpoint(string)"/> forward here.</summary>
/// <remarks>
/// A checkpoint is the model-file container with its own magic (<c>\x89NNC</c>): the network exactly as a model file
/// holds it, the dropout layers' generators, then the trainer (loss, optimizer with its state, schedule, options,
/// position, early stopping's best weights, history, and a fingerprint of the training set). Saving is atomic, loading
/// validates everything, as for model files.
/// </remarks>
internal static class CheckpointFile
{
    /// <summary>The format version of checkpoints this library writes, and the newest it reads.</summary>
    public const uint Version = 1;

    /// <summary>The checkpoint kind of the shared container: the signature "\x89NNC\r\n\x1A\n".</summary>
    public static BinaryFileKind Kind { get; } = new(
        "checkpoint", "Trainer.LoadCheckpoint", BinaryFileKind.SignatureOf((byte)'C'), Version, (path, offset, reason, inner) => new InvalidCheckpointFileException(path, offset, reason, inner));

    /// <summary>Saves <paramref name="trainer"/> to <paramref name="path"/>, atomically.</summary>
    public static void Save(Trainer trainer, string path)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        BinaryFileStore.Save(path, Kind, $"the checkpoint of {trainer.Network}", writer => Write(writer, trainer));
    }

    /// <summary>Writes <paramref name="trainer"/> to <paramref name="stream"/> at its current position.</summary>
    public static void Save(Trainer trainer, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        BinaryFileStore.Save(stream, Kind, $"the checkpoint of {trainer.Network}", writer => Write(writer, trainer));
    }

    /// <summary>Loads the trainer saved in <paramref name="path"/>.</summary>
    public static Trainer Load(string path) => BinaryFileStore.Load(path, Kind, Read);

    /// <summary>Loads a trainer from <paramref name="stream"/>, reading exactly the checkpoint's bytes.</summary>
    public static Trainer Load(Stream stream) => BinaryFileStore.Load(stream, Kind, Read);

    private static void Write(BinaryFileWriter writer, Trainer trainer)
    {
        Network network = trainer.Network;
        NetworkCodec.Write(writer, network);

        Dropout[] dropouts = network.Layers.OfType<Dropout>().ToArray();
        writer.WriteCount(dropouts.Length);
        Span<ulong> random = stackalloc ulong[SeededRandom.StateLength];
        foreach (Dropout dropout in dropouts)
        {
            dropout.Random.GetState(random);
            foreach (ulong word in random)
            {
                writer.WriteUInt64(word);
            }
        }

        TrainingCodec.WriteLoss(writer, trainer.Loss);
        OptimizerCodec.Write(writer, trainer.Optimizer, network.Parameters);
        ScheduleCodec.Write(writer, trainer.Options.Schedule);
        TrainingCodec.WriteOptions(writer, trainer.Options);
        TrainingCodec.WriteState(writer, trainer.State);

        ParameterSnapshot? best = trainer.BestWeights;
        writer.WriteUInt32(best is { IsCaptured: true } ? 1u : 0u);
        if (best is { IsCaptured: true })
        {
            for (int i = 0; i < network.Parameters.Count; i++)
            {
                writer.WriteSingles(best[i]);
            }
        }

        TrainingCodec.WriteHistory(writer, trainer.History);
        (int count, int features, uint checksum) = trainer.TrainingSetFingerprint;
        writer.WriteCount(count);
        writer.WriteCount(features);
        writer.WriteUInt32(checksum);
    }

    private static Trainer Read(BinaryFileReader reader)
    {
        Network network = NetworkCodec.Read(reader, endsBody: false);

        Dropout[] dropouts = network.Layers.OfType<Dropout>().ToArray();
        int countOffset = reader.Offset;
        int count = reader.ReadCount("the dropout generator count");
        if (count != dropouts.Length)
        {
            throw reader.Error(countOffset, $"it holds {count} dropout generators but the network has {dropouts.Length} dropout layers; the sizes in the file do not fit together.");
        }

        Span<ulong> random = stackalloc ulong[SeededRandom.StateLength];
        foreach (Dropout dropout in dropouts)
        {
            int offset = reader.Offset;
            for (int i = 0; i < random.Length; i++)
            {
                random[i] = reader.ReadUInt64("a dropout generator's state");
            }

            ulong[] words = random.ToArray();
            TrainingCodec.Construct(reader, offset, () =>
            {
                dropout.Random.SetState(words);
                return dropout;
            });
        }

        var loss = TrainingCodec.ReadLoss(reader);
        var optimizer = OptimizerCodec.Read(reader, network.Parameters);
        var schedule = ScheduleCodec.Read(reader);
        TrainerOptions options = TrainingCodec.ReadOptions(reader, schedule);
        TrainingState state = TrainingCodec.ReadState(reader);

        ParameterSnapshot? best = null;
        int bestOffset = reader.Offset;
        uint hasBest = reader.ReadUInt32("the best-weights flag");
        if (hasBest > 1)
        {
            throw reader.Error(bestOffset, $"the best-weights flag is {hasBest}; it must be 0 or 1.");
        }

        if (hasBest == 1)
        {
            best = new ParameterSnapshot(network.Parameters);
            reader.RequireBytes(network.ParameterCount * sizeof(float), "early stopping's best weights");
            for (int i = 0; i < network.Parameters.Count; i++)
            {
                float[] values = new float[network.Parameters[i].Length];
                reader.ReadSingles(values, $"early stopping's best weights of parameter {i}");
                best.Load(i, values);
            }
        }

        var history = new TrainingHistory();
        TrainingCodec.ReadHistory(reader, history);
        int samples = reader.ReadCount("the training set's sample count");
        int features = reader.ReadCount("the training set's feature count");
        uint checksum = reader.ReadUInt32("the training set's checksum");

        return TrainingCodec.Construct(reader, 0, () => Trainer.Restore(network, loss, optimizer, options, state, best, history, (samples, features, checksum)));
    }
}
