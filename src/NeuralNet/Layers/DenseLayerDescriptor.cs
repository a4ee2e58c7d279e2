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
        string activation = SavableName(dense);
        writer.WriteCount(dense.InputSize);
        writer.WriteCount(dense.OutputSize);
        writer.WriteString(activation);
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

        int nameOffset = reader.Offset;
        string name = reader.ReadString($"the activation name of layer {index}");
        Activation activation;
        try
        {
            activation = Activation.FromName(name);
        }
        catch (ArgumentException ex)
        {
            throw reader.Error(nameOffset, $"layer {index} names the activation '{name}', which this version does not know.", ex);
        }

        return new LayerBlueprint(inputSize, outputSize, ((long)inputSize * outputSize) + outputSize, () =>
            new DenseLayer(inputSize, outputSize, activation, NoInitializer.Instance));
    }

    private static string SavableName(DenseLayer layer)
    {
        string name = layer.Activation.Name;
        Activation? loaded = null;
        try
        {
            loaded = Activation.FromName(name);
        }
        catch (ArgumentException)
        {
            // reported below
        }

        if (loaded is null || loaded.GetType() != layer.Activation.GetType() || loaded.Name != name)
        {
            throw new NotSupportedException(
                $"Cannot save {layer}: its activation {layer.Activation.GetType().Name} is named '{name}', which Activation.FromName does not turn back into it; model files hold ReLU, LeakyReLU, Sigmoid, Tanh, Softmax and Identity.");
        }

        return name;
    }
}
