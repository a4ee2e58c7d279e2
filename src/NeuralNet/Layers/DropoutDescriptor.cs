using System.Globalization;
using NeuralNet.IO;
using NeuralNet.Randomness;

namespace NeuralNet.Layers;

/// <summary>Saves a <see cref="Dropout"/> layer as its size and rate (record kind 2); checkpoints add its mask generator's state.</summary>
internal sealed class DropoutDescriptor() : LayerDescriptor(2, "dropout", typeof(Dropout))
{
    /// <inheritdoc />
    public override void WriteSettings(BinaryFileWriter writer, Layer layer)
    {
        var dropout = (Dropout)layer;
        writer.WriteCount(dropout.InputSize);
        writer.WriteSingle(dropout.Rate);
    }

    /// <inheritdoc />
    public override LayerBlueprint ReadSettings(BinaryFileReader reader, LayerPosition position)
    {
        int index = position.Index;
        int offset = reader.Offset;
        int size = reader.ReadCount($"the size of layer {index}", 1);
        if (size != position.InputFeatures)
        {
            throw reader.Error(
                offset,
                $"layer {index} (dropout) takes {size} inputs but {position.InputSource} {position.InputFeatures}; the sizes in the file do not fit together.");
        }

        int rateOffset = reader.Offset;
        float rate = reader.ReadSingle($"the rate of layer {index}");
        if (!(rate >= 0f && rate < 1f))
        {
            throw reader.Error(
                rateOffset,
                $"layer {index} (dropout) has rate {rate.ToString(CultureInfo.InvariantCulture)}, but a dropout rate is a probability in [0, 1).");
        }

        // The generator's state is not part of a model (checkpoints keep it): a loaded layer starts as
        // Network.Create(seed: 0) would seed it, so no two layers share a mask.
        return new LayerBlueprint(size, size, 0, () => new Dropout(size, rate, Dropout.SeedFor(0, index)));
    }

    /// <inheritdoc />
    public override void WriteTrainingState(BinaryFileWriter writer, Layer layer)
    {
        Span<ulong> state = stackalloc ulong[SeededRandom.StateLength];
        ((Dropout)layer).Random.GetState(state);
        foreach (ulong word in state)
        {
            writer.WriteUInt64(word);
        }
    }

    /// <inheritdoc />
    public override void ReadTrainingState(BinaryFileReader reader, Layer layer)
    {
        int offset = reader.Offset;
        ulong[] words = new ulong[SeededRandom.StateLength];
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = reader.ReadUInt64("a dropout generator's state");
        }

        try
        {
            ((Dropout)layer).Random.SetState(words);
        }
        catch (ArgumentException ex)
        {
            throw reader.Error(offset, $"it holds settings that are not valid: {ex.Message}", ex);
        }
    }
}
