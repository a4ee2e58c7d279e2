using NeuralNet.IO;
using NeuralNet.Layers;
using NeuralNet.Optimizers;

namespace NeuralNet.Training;

/// <summary>Encodes an optimizer in a checkpoint: its kind, settings, step count and every parameter's state buffers.</summary>
/// <remarks>
/// Settings are written as named float32 values in the order of the constructor, so that a reader can name a value that
/// does not fit; each parameter's step count and state buffers follow in the network's parameter order, each buffer as
/// long as its parameter.
/// </remarks>
internal static class OptimizerCodec
{
    /// <summary>Writes <paramref name="optimizer"/>, whose state is kept for <paramref name="parameters"/>.</summary>
    /// <exception cref="NotSupportedException">The optimizer is not one of the library's.</exception>
    public static void Write(BinaryFileWriter writer, Optimizer optimizer, IReadOnlyList<Parameter> parameters)
    {
        OptimizerDescriptor descriptor = OptimizerKinds.For(optimizer) ?? throw new NotSupportedException(
            $"Cannot checkpoint a run with the optimizer {optimizer.GetType().Name}: checkpoints hold {OptimizerKinds.Names()}.");
        (string Name, float Value)[] settings = descriptor.SettingsOf(optimizer);
        writer.WriteString(descriptor.Name);
        writer.WriteCount(settings.Length);
        foreach ((string name, float value) in settings)
        {
            writer.WriteString(name);
            writer.WriteSingle(value);
        }

        writer.WriteUInt64((ulong)optimizer.Steps);
        writer.WriteCount(optimizer.StateNames.Count);
        writer.WriteCount(parameters.Count);
        foreach (Parameter parameter in parameters)
        {
            bool has = optimizer.HasState(parameter);
            writer.WriteUInt32(has ? 1u : 0u);
            if (has)
            {
                Optimizer.ParameterState state = optimizer.StateOf(parameter);
                writer.WriteUInt64((ulong)state.Steps);
                foreach (float[] buffer in state.Buffers)
                {
                    writer.WriteSingles(buffer);
                }
            }
        }
    }

    /// <summary>Reads an optimizer written by <see cref="Write"/> and restores its state for <paramref name="parameters"/>.</summary>
    public static Optimizer Read(BinaryFileReader reader, IReadOnlyList<Parameter> parameters)
    {
        int offset = reader.Offset;
        string kind = reader.ReadString("the optimizer's kind");
        int count = reader.ReadCount("the optimizer's setting count", 0, 16);
        var settings = new Dictionary<string, float>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString("an optimizer setting's name");
            settings[name] = reader.ReadSingle($"the optimizer setting {name}");
        }

        OptimizerDescriptor descriptor = OptimizerKinds.Named(kind) is { } named && named.Name == kind ? named : throw reader.Error(
            offset, $"it names the optimizer '{kind}', which this version does not know (it knows {OptimizerKinds.Names()}).");
        float Setting(string name) => settings.TryGetValue(name, out float value)
            ? value
            : throw reader.Error(offset, $"the {kind} optimizer's setting '{name}' is missing.");
        Optimizer optimizer = TrainingCodec.Construct(reader, offset, () => descriptor.Create(Setting));
        long steps = reader.ReadLongCount("the optimizer's step count");
        optimizer.RestoreSteps(steps);

        int slotsOffset = reader.Offset;
        int slots = reader.ReadCount("the optimizer's state buffer count");
        if (slots != optimizer.StateNames.Count)
        {
            throw reader.Error(slotsOffset, $"the {kind} optimizer has {slots} state buffers per parameter in the file but {optimizer.StateNames.Count} ({string.Join(", ", optimizer.StateNames)}) in this version.");
        }

        int parameterOffset = reader.Offset;
        int parameterCount = reader.ReadCount("the optimizer's parameter count");
        if (parameterCount != parameters.Count)
        {
            throw reader.Error(parameterOffset, $"the optimizer keeps state for {parameterCount} parameters but the network has {parameters.Count}; the sizes in the file do not fit together.");
        }

        for (int p = 0; p < parameters.Count; p++)
        {
            int flagOffset = reader.Offset;
            uint has = reader.ReadUInt32($"the optimizer's state flag of parameter {p}");
            if (has > 1)
            {
                throw reader.Error(flagOffset, $"the optimizer's state flag of parameter {p} is {has}; it must be 0 or 1.");
            }

            if (has == 1)
            {
                Optimizer.ParameterState state = optimizer.StateOf(parameters[p]);
                state.Steps = reader.ReadLongCount($"the step count of parameter {p}");
                reader.RequireBytes((long)slots * parameters[p].Length * sizeof(float), $"the optimizer's state of parameter {p} ({parameters[p]})");
                foreach (float[] buffer in state.Buffers)
                {
                    reader.ReadSingles(buffer, $"the optimizer's state of parameter {p} ({parameters[p]})");
                }
            }
        }

        return optimizer;
    }
}
