using NeuralNet.IO;
using NeuralNet.Losses;
using NeuralNet.Randomness;

namespace NeuralNet.Training;

/// <summary>Encodes what a checkpoint holds besides the network and the callbacks' memory: the loss, the options, the loop's position, and the history.</summary>
/// <remarks>The layout is in <c>docs/model-format.md</c> (section "Checkpoint files"); every count is checked against the bytes left before anything is allocated.</remarks>
internal static class TrainingCodec
{
    // A history row: epoch, samples, validation flag and learning rate (4 bytes each), seven 8-byte figures.
    private const int RecordBytes = (4 * 4) + (8 * 7);

    /// <summary>Writes the loss by name.</summary>
    /// <exception cref="NotSupportedException">The loss is not one of the library's.</exception>
    public static void WriteLoss(BinaryFileWriter writer, Loss loss) => writer.WriteString(LossKinds.NameOf(loss) ?? throw new NotSupportedException(
        $"Cannot checkpoint a run with the loss {loss.GetType().Name}: checkpoints hold {LossKinds.TypeNames()}."));

    /// <summary>Reads a loss written by <see cref="WriteLoss"/>.</summary>
    public static Loss ReadLoss(BinaryFileReader reader)
    {
        int offset = reader.Offset;
        string name = reader.ReadString("the loss's name");
        return LossKinds.Create(name)
            ?? throw reader.Error(offset, $"it names the loss '{name}', which this version does not know (it knows {LossKinds.Names()}).");
    }

    /// <summary>Writes the options other than the schedule (which has its own record).</summary>
    public static void WriteOptions(BinaryFileWriter writer, TrainerOptions options)
    {
        writer.WriteCount(options.Epochs);
        writer.WriteUInt64(options.Iterations is long iterations ? (ulong)iterations : 0);
        writer.WriteCount(options.BatchSize);
        writer.WriteUInt32(options.Shuffle ? 1u : 0u);
        writer.WriteUInt32(unchecked((uint)options.Seed));
        writer.WriteSingle(options.WeightDecay);
        writer.WriteSingle(options.GradientClipNorm ?? 0f);
        if (options.EarlyStopping is { } early)
        {
            writer.WriteUInt32(1);
            writer.WriteCount(early.Patience);
            writer.WriteDouble(early.MinimumDelta);
            writer.WriteUInt32((uint)early.Metric);
            writer.WriteUInt32(early.RestoreBestWeights ? 1u : 0u);
        }
        else
        {
            writer.WriteUInt32(0);
        }

        writer.WriteCount(options.CheckpointEvery);
        writer.WriteString(options.CheckpointPath ?? "");
        writer.WriteDouble(options.LossExplosionFactor ?? double.NaN);
    }

    /// <summary>Reads the options written by <see cref="WriteOptions"/>, with <paramref name="schedule"/> as their schedule.</summary>
    public static TrainerOptions ReadOptions(BinaryFileReader reader, Schedules.LearningRateSchedule schedule)
    {
        int offset = reader.Offset;
        int epochs = reader.ReadCount("the epoch count", 1);
        long iterations = reader.ReadLongCount("the iteration limit");
        int batchSize = reader.ReadCount("the batch size", 1);
        bool shuffle = ReadFlag(reader, "the shuffle flag");
        int seed = unchecked((int)reader.ReadUInt32("the seed"));
        float weightDecay = reader.ReadSingle("the weight decay");
        float clip = reader.ReadSingle("the gradient clipping norm");
        EarlyStopping? early = null;
        if (ReadFlag(reader, "the early stopping flag"))
        {
            int patience = reader.ReadCount("early stopping's patience", 1);
            double delta = reader.ReadDouble("early stopping's minimum delta");
            int metricOffset = reader.Offset;
            uint metric = reader.ReadUInt32("early stopping's metric");
            if (!Enum.IsDefined((EarlyStoppingMetric)metric))
            {
                throw reader.Error(metricOffset, $"early stopping's metric is {metric}, which this version does not know.");
            }

            early = Construct(reader, offset, () => new EarlyStopping(patience, delta, (EarlyStoppingMetric)metric, ReadFlag(reader, "early stopping's restore flag")));
        }

        int checkpointEvery = reader.ReadCount("the checkpoint interval");
        string checkpointPath = reader.ReadString("the checkpoint path");
        double explosion = reader.ReadDouble("the loss explosion factor");
        var options = new TrainerOptions
        {
            Epochs = epochs,
            Iterations = iterations == 0 ? null : iterations,
            BatchSize = batchSize,
            Shuffle = shuffle,
            Seed = seed,
            WeightDecay = weightDecay,
            GradientClipNorm = clip == 0f ? null : clip,
            EarlyStopping = early,
            CheckpointEvery = checkpointEvery,
            CheckpointPath = checkpointPath.Length == 0 ? null : checkpointPath,
            LossExplosionFactor = double.IsNaN(explosion) ? null : explosion,
            Schedule = schedule,
        };
        Construct(reader, offset, () =>
        {
            options.Validate();
            return options;
        });
        return options;
    }

    /// <summary>Writes the history's rows and outcome.</summary>
    public static void WriteHistory(BinaryFileWriter writer, TrainingHistory history)
    {
        writer.WriteUInt32((uint)history.StopReason);
        writer.WriteCount(history.BestEpoch ?? 0);
        writer.WriteCount(history.Epochs.Count);
        foreach (EpochRecord row in history.Epochs)
        {
            writer.WriteCount(row.Epoch);
            writer.WriteUInt64((ulong)row.Iterations);
            writer.WriteCount(row.Samples);
            writer.WriteDouble(row.TrainLoss);
            writer.WriteDouble(row.TrainAccuracy);
            writer.WriteUInt32(row.ValidationLoss.HasValue ? 1u : 0u);
            writer.WriteDouble(row.ValidationLoss ?? double.NaN);
            writer.WriteDouble(row.ValidationAccuracy ?? double.NaN);
            writer.WriteSingle(row.LearningRate);
            writer.WriteDouble(row.Seconds);
            writer.WriteDouble(row.SamplesPerSecond);
        }
    }

    /// <summary>Reads the rows written by <see cref="WriteHistory"/> into <paramref name="history"/>.</summary>
    public static void ReadHistory(BinaryFileReader reader, TrainingHistory history)
    {
        int offset = reader.Offset;
        uint stop = reader.ReadUInt32("the stop reason");
        if (!Enum.IsDefined((StopReason)stop))
        {
            throw reader.Error(offset, $"the stop reason is {stop}, which this version does not know.");
        }

        int best = reader.ReadCount("the history's best epoch");
        int count = reader.ReadCount("the history's row count", 0, reader.Remaining / RecordBytes);
        var rows = new List<EpochRecord>(count);
        for (int i = 0; i < count; i++)
        {
            int epoch = reader.ReadCount($"the epoch of history row {i}");
            long iterations = reader.ReadLongCount($"the iterations of history row {i}");
            int samples = reader.ReadCount($"the samples of history row {i}");
            double trainLoss = reader.ReadDouble($"the training loss of history row {i}");
            double trainAccuracy = reader.ReadDouble($"the training accuracy of history row {i}");
            bool validated = ReadFlag(reader, $"the validation flag of history row {i}");
            double validationLoss = reader.ReadDouble($"the validation loss of history row {i}");
            double validationAccuracy = reader.ReadDouble($"the validation accuracy of history row {i}");
            float rate = reader.ReadSingle($"the learning rate of history row {i}");
            double seconds = reader.ReadDouble($"the time of history row {i}");
            double speed = reader.ReadDouble($"the speed of history row {i}");
            rows.Add(new EpochRecord(
                epoch, iterations, samples, trainLoss, trainAccuracy, validated ? validationLoss : null, validated ? validationAccuracy : null, rate, seconds, speed));
        }

        history.Restore(rows, (StopReason)stop, best == 0 ? null : best);
    }

    /// <summary>Reads a flag written as 0 or 1.</summary>
    public static bool ReadFlag(BinaryFileReader reader, string what)
    {
        int offset = reader.Offset;
        uint value = reader.ReadUInt32(what);
        return value switch
        {
            0 => false,
            1 => true,
            _ => throw reader.Error(offset, $"{what} is {value}; it must be 0 or 1."),
        };
    }

    /// <summary>Runs a constructor on values read from the file, turning its argument errors into file errors at <paramref name="offset"/>.</summary>
    internal static T Construct<T>(BinaryFileReader reader, int offset, Func<T> create)
    {
        try
        {
            return create();
        }
        catch (ArgumentException ex)
        {
            throw reader.Error(offset, $"it holds settings that are not valid: {ex.Message}", ex);
        }
    }
}
