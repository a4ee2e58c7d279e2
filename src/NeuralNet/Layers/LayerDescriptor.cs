using NeuralNet.IO;

namespace NeuralNet.Layers;

/// <summary>How model files and checkpoints save one kind of layer and rebuild it: its record kind, its settings, and its training state.</summary>
/// <remarks>
/// <para>A layer's record in a model file is its <see cref="Kind"/>, the length of its settings, and the settings
/// <see cref="WriteSettings"/> writes (sizes, activation, rate, ... — everything but the parameters, which the file
/// stores in <see cref="Layer.Parameters"/>' order after all records). <see cref="ReadSettings"/> checks them against the
/// previous layer's output and against the bytes there, and returns a <see cref="LayerBlueprint"/> that builds the layer
/// only once the whole file has been checked, so a damaged file never makes the reader allocate.</para>
/// <para>Adding a kind of layer to model files means one descriptor beside the layer and one line in <see cref="LayerKinds"/>.</para>
/// </remarks>
internal abstract class LayerDescriptor
{
    /// <summary>Describes a kind of layer.</summary>
    /// <param name="kind">The record kind in model files; never reused for another layer.</param>
    /// <param name="name">The word messages use, such as <c>dense</c>.</param>
    /// <param name="layerType">The type of layer described; subclasses are not (they may hold state this descriptor does not know).</param>
    protected LayerDescriptor(ushort kind, string name, Type layerType)
    {
        Kind = kind;
        Name = name;
        LayerType = layerType;
    }

    /// <summary>The record kind in model files.</summary>
    public ushort Kind { get; }

    /// <summary>The word messages use, such as <c>dense</c>.</summary>
    public string Name { get; }

    /// <summary>The type of layer described.</summary>
    public Type LayerType { get; }

    /// <summary>Writes what rebuilds <paramref name="layer"/>, its parameters aside.</summary>
    /// <exception cref="NotSupportedException">Something of the layer cannot be saved (a custom activation).</exception>
    public abstract void WriteSettings(BinaryFileWriter writer, Layer layer);

    /// <summary>Reads and checks the settings of layer <paramref name="position"/>.</summary>
    /// <exception cref="IOException">The file kind's exception: the settings are not valid or do not fit the previous layer.</exception>
    public abstract LayerBlueprint ReadSettings(BinaryFileReader reader, LayerPosition position);

    /// <summary>Writes the state a checkpoint needs besides the parameters to continue training exactly (a dropout layer's generator); nothing by default.</summary>
    public virtual void WriteTrainingState(BinaryFileWriter writer, Layer layer)
    {
    }

    /// <summary>Reads what <see cref="WriteTrainingState"/> wrote into <paramref name="layer"/>.</summary>
    public virtual void ReadTrainingState(BinaryFileReader reader, Layer layer)
    {
    }
}
