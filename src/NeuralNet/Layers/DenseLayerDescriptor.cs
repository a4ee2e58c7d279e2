using NeuralNet.Activations;
using NeuralNet.Initializers;
using NeuralNet.IO;

namespace NeuralNet.Layers;

/// <summary>Saves a <see cref="DenseLayer"/> as its input and output sizes and its activation's name (record kind 1).</summary>
/// <remarks>Its parameters follow all records in the model file: the weights (outputs × inputs, column-major), then the biases.</remarks>
internal sealed class DenseLayerDescriptor() : LayerDescriptor(1, "dense", typeof(DenseLayer))
{
    /// <inheritdoc />
    public override void WriteSettings(BinaryFileWriter writer, Layer layer)
    {
        var dense = (DenseLayer)layer;
        writer.WriteCount(dense.InputSize);
        writer.WriteCount(dense.OutputSize);
        LayerRecordFields.WriteActivation(writer, dense, dense.Activation);
    }

    /// <inheritdoc />
    public override LayerBlueprint ReadSettings(BinaryFileReader reader, LayerPosition position)
    {
        int index = position.Index;
        int offset = reader.Offset;
        int inputSize = reader.ReadCount($"the input size of layer {index}", 1);
        int outputSize = reader.ReadCount($"the output size of layer {index}", 1);
        if (inputSize != position.InputFeatures)
        {
            throw reader.Error(
                offset,
                $"layer {index} (dense) takes {inputSize} inputs but {position.InputSource} {position.InputFeatures}; the sizes in the file do not fit together.");
        }

        Activation activation = LayerRecordFields.ReadActivation(reader, index);
        return new LayerBlueprint(inputSize, outputSize, ((long)inputSize * outputSize) + outputSize, () =>
            new DenseLayer(inputSize, outputSize, activation, NoInitializer.Instance));
    }
}
