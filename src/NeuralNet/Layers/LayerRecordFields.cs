using System.Globalization;
using NeuralNet.Activations;
using NeuralNet.IO;

namespace NeuralNet.Layers;

/// <summary>The fields several layer records share: an activation by name and a sample shape, written and checked in one way.</summary>
internal static class LayerRecordFields
{
    /// <summary>Writes <paramref name="activation"/>'s name, after checking that <see cref="Activation.FromName"/> turns it back into the same activation.</summary>
    /// <param name="writer">The record's writer.</param>
    /// <param name="layer">The layer, for the message.</param>
    /// <param name="activation">Its activation.</param>
    /// <exception cref="NotSupportedException">The activation is a custom one that its name does not rebuild.</exception>
    public static void WriteActivation(BinaryFileWriter writer, Layer layer, Activation activation)
    {
        string name = activation.Name;
        Activation? loaded = null;
        try
        {
            loaded = Activation.FromName(name);
        }
        catch (ArgumentException)
        {
            // reported below
        }

        if (loaded is null || loaded.GetType() != activation.GetType() || loaded.Name != name)
        {
            throw new NotSupportedException(
                $"Cannot save {layer}: its activation {activation.GetType().Name} is named '{name}', which Activation.FromName does not turn back into it; model files hold ReLU, LeakyReLU, Sigmoid, Tanh, Softmax and Identity.");
        }

        writer.WriteString(name);
    }

    /// <summary>Reads the activation name of layer <paramref name="index"/> and returns the activation it names.</summary>
    /// <exception cref="IOException">The file kind's exception: the name is not one this version knows.</exception>
    public static Activation ReadActivation(BinaryFileReader reader, int index)
    {
        int nameOffset = reader.Offset;
        string name = reader.ReadString($"the activation name of layer {index}");
        try
        {
            return Activation.FromName(name);
        }
        catch (ArgumentException ex)
        {
            throw reader.Error(nameOffset, $"layer {index} names the activation '{name}', which this version does not know.", ex);
        }
    }

    /// <summary>Writes C, H and W.</summary>
    public static void WriteShape(BinaryFileWriter writer, SampleShape shape)
    {
        writer.WriteCount(shape.Channels);
        writer.WriteCount(shape.Height);
        writer.WriteCount(shape.Width);
    }

    /// <summary>Reads the input shape C × H × W of layer <paramref name="position"/> (each at least 1, C·H·W within an int) and checks that it fits the previous layer's output.</summary>
    /// <param name="reader">The record's reader.</param>
    /// <param name="position">Where the record sits.</param>
    /// <param name="kind">The layer's word for messages, such as <c>conv</c>.</param>
    /// <exception cref="IOException">The file kind's exception: a dimension is 0, the size overflows, or the shape does not fit.</exception>
    public static SampleShape ReadInputShape(BinaryFileReader reader, LayerPosition position, string kind)
    {
        int index = position.Index;
        int offset = reader.Offset;
        int channels = reader.ReadCount($"the input channels of layer {index}", 1);
        int height = reader.ReadCount($"the input height of layer {index}", 1);
        int width = reader.ReadCount($"the input width of layer {index}", 1);
        if ((long)channels * height * width > int.MaxValue)
        {
            throw reader.Error(
                offset,
                string.Create(CultureInfo.InvariantCulture, $"layer {index} ({kind}) takes {channels}×{height}×{width} inputs, more than the {int.MaxValue} features a sample may have."));
        }

        var shape = new SampleShape(channels, height, width);
        if (position.Mismatch(kind, shape) is { } mismatch)
        {
            throw reader.Error(offset, mismatch);
        }

        return shape;
    }
}
