using System.Globalization;
using NeuralNet.Activations;
using NeuralNet.Data;
using NeuralNet.IO;
using NeuralNet.Layers;
using NeuralNet.Preprocessing;

namespace NeuralNet.Serialization;

/// <summary>Encodes a network (architecture, input scaling, parameters) as the body of a model file, and decodes it with full validation.</summary>
/// <remarks>The layout is in <c>docs/model-format.md</c>. Checkpoints embed the same encoding.</remarks>
internal static class NetworkCodec
{
    // A layer record is at least its kind (2 bytes) and its payload length (4 bytes).
    private const int LayerRecordHeaderBytes = 6;

    /// <summary>Writes the network's body.</summary>
    /// <exception cref="NotSupportedException">A layer or an activation cannot be represented in a model file.</exception>
    public static void Write(BinaryFileWriter writer, Network network)
    {
        writer.WriteCount(network.Layers.Count);
        writer.WriteCount(network.InputSize);
        for (int i = 0; i < network.Layers.Count; i++)
        {
            WriteLayer(writer, network.Layers[i], i);
        }

        InputScaling scaling = network.InputScaling;
        writer.WriteString(scaling.Kind);
        writer.WriteCount(scaling.Scale.Length);
        writer.WriteSingles(scaling.Scale);
        writer.WriteSingles(scaling.Shift);

        writer.WriteUInt64((ulong)network.ParameterCount);
        foreach (Parameter parameter in network.Parameters)
        {
            writer.WriteSingles(parameter.ValueSpan);
        }
    }

    /// <summary>Reads a network's body, checking every size against the others and against the bytes there before allocating.</summary>
    /// <exception cref="IOException">The file kind's exception: the body does not describe a valid network.</exception>
    /// <param name="reader">The body's reader, at the network's first byte.</param>
    /// <param name="endsBody">Whether the parameters end the body (a model file) or more follows (a checkpoint).</param>
    public static Network Read(BinaryFileReader reader, bool endsBody = true)
    {
        int layerCount = reader.ReadCount("the layer count", 1, reader.Remaining / LayerRecordHeaderBytes);
        int inputSize = reader.ReadCount("the input size", 1);

        var specs = new List<LayerSpec>(layerCount);
        int features = inputSize;
        long parameterCount = 0;
        for (int i = 0; i < layerCount; i++)
        {
            LayerSpec spec = ReadLayer(reader, i, features);
            parameterCount += spec.ParameterCount;
            reader.RequireBytes(parameterCount * sizeof(float), $"the parameters of layers 0 to {i}");
            specs.Add(spec);
            features = spec.OutputSize;
        }

        InputScaling scaling = ReadScaling(reader, inputSize);

        int countOffset = reader.Offset;
        ulong declaredCount = reader.ReadUInt64("the parameter count");
        if (declaredCount != (ulong)parameterCount)
        {
            throw reader.Error(countOffset, $"it declares {declaredCount} parameters but its layers have {parameterCount}; the sizes in the file do not fit together.");
        }

        if (endsBody ? reader.Remaining != parameterCount * sizeof(float) : reader.Remaining < parameterCount * sizeof(float))
        {
            throw reader.Error(
                reader.Offset,
                $"{reader.Remaining} bytes lie between the parameter count and the checksum, but {parameterCount} float32 parameters take {parameterCount * sizeof(float)}; the sizes in the file do not fit together.");
        }

        var layers = new Layer[specs.Count];
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i] = specs[i].Create();
            foreach (Parameter parameter in layers[i].Parameters)
            {
                reader.ReadSingles(parameter.ValueSpan, $"the {parameter.Name} of layer {i}");
            }
        }

        return new Network(layers) { InputScaling = scaling };
    }

    private static void WriteLayer(BinaryFileWriter writer, Layer layer, int index)
    {
        switch (layer)
        {
            case DenseLayer dense:
                string activation = SavableName(dense);
                writer.WriteUInt16(ModelFileFormat.DenseLayerKind);
                writer.WriteCount(4 + 4 + BinaryFileWriter.StringLength(activation));
                writer.WriteCount(dense.InputSize);
                writer.WriteCount(dense.OutputSize);
                writer.WriteString(activation);
                break;
            case Dropout dropout:
                writer.WriteUInt16(ModelFileFormat.DropoutKind);
                writer.WriteCount(4 + 4);
                writer.WriteCount(dropout.InputSize);
                writer.WriteSingle(dropout.Rate);
                break;
            default:
                throw new NotSupportedException(
                    $"Cannot save layer {index} ({layer}): model files hold DenseLayer and Dropout layers, and {layer.GetType().Name} is neither.");
        }
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

    private static LayerSpec ReadLayer(BinaryFileReader reader, int index, int features)
    {
        int recordOffset = reader.Offset;
        ushort kind = reader.ReadUInt16($"the kind of layer {index}");
        int payloadLength = reader.ReadCount($"the record length of layer {index}");
        reader.RequireBytes(payloadLength, $"the record of layer {index}");
        int payloadOffset = reader.Offset;
        LayerSpec spec = kind switch
        {
            ModelFileFormat.DenseLayerKind => ReadDense(reader, index, features),
            ModelFileFormat.DropoutKind => ReadDropout(reader, index, features),
            _ => throw reader.Error(
                recordOffset,
                $"layer {index} has kind {kind}, which this version does not know (it knows {ModelFileFormat.DenseLayerKind} = dense and {ModelFileFormat.DropoutKind} = dropout); the file may come from a newer NeuralNet."),
        };

        if (reader.Offset - payloadOffset != payloadLength)
        {
            throw reader.Error(
                payloadOffset,
                $"the record of layer {index} declares {payloadLength} bytes but its fields take {reader.Offset - payloadOffset}; the sizes in the file do not fit together.");
        }

        return spec;
    }

    private static LayerSpec ReadDense(BinaryFileReader reader, int index, int features)
    {
        int offset = reader.Offset;
        int inputSize = reader.ReadCount($"the input size of layer {index}", 1);
        int outputSize = reader.ReadCount($"the output size of layer {index}", 1);
        if (inputSize != features)
        {
            throw reader.Error(
                offset,
                $"layer {index} (dense) takes {inputSize} inputs but {(index == 0 ? "the network's input size is" : $"layer {index - 1} outputs")} {features}; the sizes in the file do not fit together.");
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

        return new LayerSpec(inputSize, outputSize, ((long)inputSize * outputSize) + outputSize, () =>
            new DenseLayer(inputSize, outputSize, activation, NoInitializer.Instance));
    }

    private static LayerSpec ReadDropout(BinaryFileReader reader, int index, int features)
    {
        int offset = reader.Offset;
        int size = reader.ReadCount($"the size of layer {index}", 1);
        if (size != features)
        {
            throw reader.Error(
                offset,
                $"layer {index} (dropout) takes {size} inputs but {(index == 0 ? "the network's input size is" : $"layer {index - 1} outputs")} {features}; the sizes in the file do not fit together.");
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
        return new LayerSpec(size, size, 0, () => new Dropout(size, rate, Dropout.SeedFor(0, index)));
    }

    private static InputScaling ReadScaling(BinaryFileReader reader, int inputSize)
    {
        int offset = reader.Offset;
        string kind = reader.ReadString("the input scaling's kind");
        int countOffset = reader.Offset;
        int count = reader.ReadCount("the input scaling's factor count", 1);
        if (count != 1 && count != inputSize)
        {
            throw reader.Error(
                countOffset,
                $"the input scaling has {count} factors but a network of {inputSize} inputs takes 1 or {inputSize}; the sizes in the file do not fit together.");
        }

        float[] scale = reader.ReadSingleArray(count, "the input scaling's factors");
        float[] shift = reader.ReadSingleArray(count, "the input scaling's offsets");
        try
        {
            return InputScaling.Affine(kind, scale, shift);
        }
        catch (ArgumentException ex)
        {
            throw reader.Error(offset, $"its input scaling is not valid: {ex.Message}", ex);
        }
    }

    /// <summary>A layer as its record describes it, before anything large is allocated.</summary>
    private sealed record LayerSpec(int InputSize, int OutputSize, long ParameterCount, Func<Layer> Create);
}
