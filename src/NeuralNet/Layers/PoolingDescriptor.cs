using System.Globalization;
using NeuralNet.IO;

namespace NeuralNet.Layers;

/// <summary>Saves a 2-D pooling layer as its input shape, window size and stride; <see cref="MaxPool2D"/> and <see cref="AveragePool2D"/> differ only in their record kind.</summary>
/// <remarks>Payload: <c>u32</c> channels, height and width, <c>u32</c> window size k and stride s (both at least 1; the
/// windows must fit in the planes). No parameters.</remarks>
internal abstract class PoolingDescriptor(ushort kind, string name, Type layerType) : LayerDescriptor(kind, name, layerType)
{
    /// <inheritdoc />
    public override void WriteSettings(BinaryFileWriter writer, Layer layer)
    {
        (int size, int stride) = Geometry(layer);
        LayerRecordFields.WriteShape(writer, layer.InputShape);
        writer.WriteCount(size);
        writer.WriteCount(stride);
    }

    /// <inheritdoc />
    public override LayerBlueprint ReadSettings(BinaryFileReader reader, LayerPosition position)
    {
        int index = position.Index;
        SampleShape input = LayerRecordFields.ReadInputShape(reader, position, Name);
        int sizeOffset = reader.Offset;
        int size = reader.ReadCount($"the window size of layer {index}", 1);
        int stride = reader.ReadCount($"the stride of layer {index}", 1);
        if (size > input.Height || size > input.Width)
        {
            throw reader.Error(
                sizeOffset,
                string.Create(CultureInfo.InvariantCulture, $"layer {index} ({Name}) has {size}×{size} windows, which do not fit in its {input} input."));
        }

        var output = new SampleShape(input.Channels, ((input.Height - size) / stride) + 1, ((input.Width - size) / stride) + 1);
        return new LayerBlueprint(input, output, 0, () => Create(input, size, stride));
    }

    /// <summary>The layer's window size and stride.</summary>
    protected abstract (int Size, int Stride) Geometry(Layer layer);

    /// <summary>Builds the layer from checked settings.</summary>
    protected abstract Layer Create(SampleShape input, int size, int stride);
}
