using NeuralNet.IO;
using NeuralNet.Randomness;

namespace NeuralNet.Training;

/// <summary>Encodes the training loop's position in a checkpoint: the shuffle generator, the counters, and the epoch in progress with its sample order.</summary>
/// <remarks>The layout is in <c>docs/model-format.md</c>; the sample order is checked to be a permutation before it is used.</remarks>
internal static class PositionCodec
{
    /// <summary>Writes the loop's position: the shuffle generator, the counters and the epoch in progress.</summary>
    public static void Write(BinaryFileWriter writer, TrainingPosition position)
    {
        Span<ulong> random = stackalloc ulong[SeededRandom.StateLength];
        position.Random.GetState(random);
        foreach (ulong word in random)
        {
            writer.WriteUInt64(word);
        }

        writer.WriteCount(position.Epoch);
        writer.WriteUInt64((ulong)position.Iterations);
        writer.WriteUInt32(position.IsFinished ? 1u : 0u);
        if (position.Order is { } order)
        {
            writer.WriteUInt32(1);
            writer.WriteCount(position.BatchInEpoch);
            writer.WriteDouble(position.LossSum);
            writer.WriteUInt64((ulong)position.Correct);
            writer.WriteCount(position.Samples);
            writer.WriteDouble(position.TrainSeconds);
            writer.WriteCount(order.Length);
            foreach (int index in order)
            {
                writer.WriteCount(index);
            }
        }
        else
        {
            writer.WriteUInt32(0);
        }
    }

    /// <summary>Reads a position written by <see cref="Write"/>.</summary>
    public static TrainingPosition Read(BinaryFileReader reader)
    {
        var position = new TrainingPosition(0);
        int randomOffset = reader.Offset;
        Span<ulong> random = stackalloc ulong[SeededRandom.StateLength];
        for (int i = 0; i < random.Length; i++)
        {
            random[i] = reader.ReadUInt64("the shuffle generator's state");
        }

        ulong[] words = random.ToArray();
        TrainingCodec.Construct(reader, randomOffset, () =>
        {
            position.Random.SetState(words);
            return position;
        });
        position.Epoch = reader.ReadCount("the completed epochs");
        position.Iterations = reader.ReadLongCount("the completed iterations");
        position.IsFinished = TrainingCodec.ReadFlag(reader, "the finished flag");
        if (TrainingCodec.ReadFlag(reader, "the epoch-in-progress flag"))
        {
            int batch = reader.ReadCount("the batches done in the current epoch");
            double lossSum = reader.ReadDouble("the current epoch's loss sum");
            long correct = reader.ReadLongCount("the current epoch's correct count");
            int samples = reader.ReadCount("the current epoch's sample count");
            double seconds = reader.ReadDouble("the current epoch's training time");
            int countOffset = reader.Offset;
            int count = reader.ReadCount("the current epoch's sample order length", 1, reader.Remaining / sizeof(int));
            int[] order = new int[count];
            var seen = new bool[count];
            for (int i = 0; i < count; i++)
            {
                int indexOffset = reader.Offset;
                order[i] = reader.ReadCount("an index of the current epoch's sample order", 0, count - 1);
                if (seen[order[i]])
                {
                    throw reader.Error(indexOffset, $"the current epoch's sample order names sample {order[i]} twice; it must be a permutation of the {count} samples.");
                }

                seen[order[i]] = true;
            }

            if (samples > count || correct > samples)
            {
                throw reader.Error(countOffset, $"the current epoch has seen {samples} samples ({correct} correct) of {count}; the counts in the file do not fit together.");
            }

            position.StartEpoch(order);
            position.BatchInEpoch = batch;
            position.LossSum = lossSum;
            position.Correct = correct;
            position.Samples = samples;
            position.TrainSeconds = seconds;
        }

        return position;
    }
}
