using NeuralNet.IO;
using NeuralNet.Layers;
using NeuralNet.Preprocessing;

namespace NeuralNet.Serialization;

/// <summary>Encodes a network (architecture, input scaling, parameters, names) as the body of a model file, and decodes it with full validation.</summary>
/// <remarks>
/// The layout is in <c>docs/model-format.md</c>. Each layer's record is written and read by its
/// <see cref="LayerDescriptor"/> (<see cref="LayerKinds"/>); this class only frames the records and checks the sizes
/// they declare against each other and against the bytes there. Checkpoints embed the same encoding.
/// </remarks>
internal static class NetworkCodec
{
    /// <summary>The header flag of a model file whose body ends with the class and feature names.</summary>
    public const uint NamesFlag = 1;

    // A layer record is at least its kind (2 bytes) and its payload length (4 bytes).
    private const int LayerRecordHeaderBytes = 6;

    /// <summary>The header flags a model file of <paramref name="network"/> sets: <see cref="NamesFlag"/> when it has names to keep.</summary>
    public static uint FlagsFor(Network network) =>
        network.ClassNames is not null || network.FeatureNames is not null ? NamesFlag : 0;

    /// <summary>Writes the network's body.</summary>
    /// <param name="writer">The body's writer.</param>
    /// <param name="network">The network.</param>
    /// <param name="withNames">Whether the class and feature names follow the parameters (see <see cref="FlagsFor"/>).</param>
    /// <exception cref="NotSupportedException">A layer or an activation cannot be represented in a model file.</exception>
    public static void Write(BinaryFileWriter writer, Network network, bool withNames)
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

        if (withNames)
        {
            WriteNames(writer, network.ClassNames);
            WriteNames(writer, network.FeatureNames);
        }
    }

    /// <summary>Reads a network's body, checking every size against the others and against the bytes there before allocating.</summary>
    /// <exception cref="IOException">The file kind's exception: the body does not describe a valid network.</exception>
    /// <param name="reader">The body's reader, at the network's first byte.</param>
    /// <param name="endsBody">Whether the network ends the body (a model file) or more follows (a checkpoint).</param>
    /// <param name="withNames">Whether the class and feature names follow the parameters.</param>
    public static Network Read(BinaryFileReader reader, bool endsBody, bool withNames)
    {
        int layerCount = reader.ReadCount("the layer count", 1, reader.Remaining / LayerRecordHeaderBytes);
        int inputSize = reader.ReadCount("the input size", 1);

        var blueprints = new List<LayerBlueprint>(layerCount);
        SampleShape shape = SampleShape.Flat(inputSize);
        long parameterCount = 0;
        for (int i = 0; i < layerCount; i++)
        {
            LayerBlueprint blueprint = ReadLayer(reader, new LayerPosition(i, shape));

            // Compared before adding: a layer of 2^62 parameters must not wrap the byte count (x 4) around to something that fits.
            if (blueprint.ParameterCount > (reader.Remaining / sizeof(float)) - parameterCount)
            {
                throw reader.Error(
                    reader.Offset,
                    $"the parameters of layers 0 to {i}: {(decimal)(parameterCount + blueprint.ParameterCount) * sizeof(float)} bytes needed but only {reader.Remaining} remain before the checksum; the sizes in the file do not fit together.");
            }

            parameterCount += blueprint.ParameterCount;
            blueprints.Add(blueprint);
            shape = blueprint.OutputShape;
        }

        InputScaling scaling = ReadScaling(reader, inputSize);

        int countOffset = reader.Offset;
        ulong declaredCount = reader.ReadUInt64("the parameter count");
        if (declaredCount != (ulong)parameterCount)
        {
            throw reader.Error(countOffset, $"it declares {declaredCount} parameters but its layers have {parameterCount}; the sizes in the file do not fit together.");
        }

        long parameterBytes = parameterCount * sizeof(float);
        if (endsBody && !withNames ? reader.Remaining != parameterBytes : reader.Remaining < parameterBytes)
        {
            throw reader.Error(
                reader.Offset,
                $"{reader.Remaining} bytes lie between the parameter count and the checksum, but {parameterCount} float32 parameters take {parameterBytes}; the sizes in the file do not fit together.");
        }

        var layers = new Layer[blueprints.Count];
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i] = blueprints[i].Create();
            foreach (Parameter parameter in layers[i].Parameters)
            {
                reader.ReadSingles(parameter.ValueSpan, $"the {parameter.Name} of layer {i}");
            }
        }

        var network = new Network(layers) { InputScaling = scaling };
        if (withNames)
        {
            ReadNames(reader, "class", network.OutputSize, names => network.ClassNames = names);
            ReadNames(reader, "feature", network.InputSize, names => network.FeatureNames = names);
        }

        return network;
    }

    private static void WriteLayer(BinaryFileWriter writer, Layer layer, int index)
    {
        LayerDescriptor descriptor = LayerKinds.For(layer) ?? throw new NotSupportedException(
            $"Cannot save layer {index} ({layer}): model files hold {LayerKinds.TypeNames()} layers, and {layer.GetType().Name} is none of them.");

        // The record states its length, so that a reader can check that the settings hold exactly their fields.
        using BinaryFileWriter counter = BinaryFileWriter.Counting();
        descriptor.WriteSettings(counter, layer);
        writer.WriteUInt16(descriptor.Kind);
        writer.WriteCount(checked((int)counter.Length));
        descriptor.WriteSettings(writer, layer);
    }

    private static LayerBlueprint ReadLayer(BinaryFileReader reader, LayerPosition position)
    {
        int index = position.Index;
        int recordOffset = reader.Offset;
        ushort kind = reader.ReadUInt16($"the kind of layer {index}");
        int payloadLength = reader.ReadCount($"the record length of layer {index}");
        reader.RequireBytes(payloadLength, $"the record of layer {index}");
        int payloadOffset = reader.Offset;
        LayerDescriptor descriptor = LayerKinds.For(kind) ?? throw reader.Error(
            recordOffset,
            $"layer {index} has kind {kind}, which this version does not know (it knows {LayerKinds.Describe()}); the file may come from a newer NeuralNet.");
        LayerBlueprint blueprint = descriptor.ReadSettings(reader, position);
        if (reader.Offset - payloadOffset != payloadLength)
        {
            throw reader.Error(
                payloadOffset,
                $"the record of layer {index} declares {payloadLength} bytes but its fields take {reader.Offset - payloadOffset}; the sizes in the file do not fit together.");
        }

        return blueprint;
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

    // A list of names is its count (0 when there are none) and the names; a network's names number its outputs or inputs.
    private static void WriteNames(BinaryFileWriter writer, IReadOnlyList<string>? names)
    {
        writer.WriteCount(names?.Count ?? 0);
        foreach (string name in names ?? [])
        {
            writer.WriteString(name);
        }
    }

    private static void ReadNames(BinaryFileReader reader, string what, int expected, Action<IReadOnlyList<string>> assign)
    {
        int offset = reader.Offset;

        // Each name takes at least its 2-byte length, so the count is bounded by the bytes left before anything is allocated.
        int count = reader.ReadCount($"the {what} name count", 0, reader.Remaining / 2);
        if (count == 0)
        {
            return;
        }

        if (count != expected)
        {
            throw reader.Error(offset, $"it holds {count} {what} names but the network has {expected} {what}{(what == "class" ? "es" : "s")}; the sizes in the file do not fit together.");
        }

        string[] names = new string[count];
        for (int i = 0; i < count; i++)
        {
            names[i] = reader.ReadString($"{what} name {i}");
        }

        try
        {
            assign(names);
        }
        catch (ArgumentException ex)
        {
            throw reader.Error(offset, $"its {what} names are not valid: {ex.Message}", ex);
        }
    }
}
