using System.Globalization;
using NeuralNet.Activations;
using NeuralNet.Initializers;
using NeuralNet.IO;

namespace NeuralNet.Layers;

/// <summary>Saves a <see cref="Conv2D"/> as its input shape, output channels, kernel size, stride, padding and activation's name (record kind 3).</summary>
/// <remarks>
/// <para>Payload: <c>u32</c> input channels, height and width, <c>u32</c> output channels, kernel size k, stride s and
/// padding p, then the activation's name. Its parameters follow all records in the model file: the K × C_out filters
/// (K = C_in·k·k), column-major, which is ONNX's <c>[C_out, C_in, k, k]</c> weight tensor byte for byte, then the
/// C_out biases.</para>
/// <para>Reading checks what the constructor would, before anything is allocated: the input shape against the previous
/// layer's output, every count positive (the padding may be 0), the padded planes within an int, the kernel within
/// them, and the output C_out × H_out × W_out within an int.</para>
/// </remarks>
internal sealed class Conv2DDescriptor() : LayerDescriptor(3, "conv", typeof(Conv2D))
{
    /// <inheritdoc />
    public override void WriteSettings(BinaryFileWriter writer, Layer layer)
    {
        var conv = (Conv2D)layer;
        LayerRecordFields.WriteShape(writer, conv.InputShape);
        writer.WriteCount(conv.OutputChannels);
        writer.WriteCount(conv.KernelSize);
        writer.WriteCount(conv.Stride);
        writer.WriteCount(conv.Padding);
        LayerRecordFields.WriteActivation(writer, conv, conv.Activation);
    }

    /// <inheritdoc />
    public override LayerBlueprint ReadSettings(BinaryFileReader reader, LayerPosition position)
    {
        int index = position.Index;
        SampleShape input = LayerRecordFields.ReadInputShape(reader, position, Name);
        int outputChannels = reader.ReadCount($"the output channels of layer {index}", 1);
        int kernelOffset = reader.Offset;
        int kernel = reader.ReadCount($"the kernel size of layer {index}", 1);
        int stride = reader.ReadCount($"the stride of layer {index}", 1);
        int paddingOffset = reader.Offset;
        int padding = reader.ReadCount($"the padding of layer {index}");

        // The layer works on zero-padded copies of the input planes: they must fit an int, as the sample does.
        long paddedHeight = input.Height + (2L * padding);
        long paddedWidth = input.Width + (2L * padding);
        // Tested one factor at a time, so that no product overflows a long.
        if (paddedHeight > int.MaxValue || paddedWidth > int.MaxValue || paddedHeight * paddedWidth > int.MaxValue || input.Channels * paddedHeight * paddedWidth > int.MaxValue)
        {
            throw reader.Error(
                paddingOffset,
                string.Create(CultureInfo.InvariantCulture, $"layer {index} (conv) pads its {input} input by {padding}, which makes planes of {paddedHeight}×{paddedWidth}, more than a sample may hold."));
        }

        if (kernel > paddedHeight || kernel > paddedWidth)
        {
            throw reader.Error(
                kernelOffset,
                string.Create(CultureInfo.InvariantCulture, $"layer {index} (conv) has a {kernel}×{kernel} kernel, which does not fit in its {input} input padded by {padding} ({paddedHeight}×{paddedWidth})."));
        }

        long outputHeight = ((paddedHeight - kernel) / stride) + 1;
        long outputWidth = ((paddedWidth - kernel) / stride) + 1;
        if (outputChannels * outputHeight * outputWidth > int.MaxValue)
        {
            throw reader.Error(
                kernelOffset - 4,
                string.Create(CultureInfo.InvariantCulture, $"layer {index} (conv) outputs {outputChannels}×{outputHeight}×{outputWidth} values, more than the {int.MaxValue} features a sample may have."));
        }

        Activation activation = LayerRecordFields.ReadActivation(reader, index);

        // C_in·k·k ≤ C_in·(H + 2p)·(W + 2p), which fits an int (checked above), so the weight count fits a long.
        long taps = (long)input.Channels * kernel * kernel;
        var output = new SampleShape(outputChannels, (int)outputHeight, (int)outputWidth);
        return new LayerBlueprint(input, output, (taps * outputChannels) + outputChannels, () =>
            new Conv2D(input, outputChannels, kernel, activation, stride, padding, NoInitializer.Instance));
    }
}
