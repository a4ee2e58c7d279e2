using NeuralNet.IO;

namespace NeuralNet.Serialization;

/// <summary>Saves and loads networks as model files; <see cref="Network.Save(string)"/> and <see cref="Network.Load(string)"/> forward here.</summary>
/// <remarks>The format is in <c>docs/model-format.md</c>; the atomic replacement is <see cref="AtomicFile"/>'s.</remarks>
internal static class ModelFile
{
    /// <summary>Saves <paramref name="network"/> to <paramref name="path"/>, atomically.</summary>
    public static void Save(Network network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        BinaryFileStore.Save(path, ModelFileFormat.Kind, $"the model {network}", writer => NetworkCodec.Write(writer, network));
    }

    /// <summary>Writes <paramref name="network"/> to <paramref name="stream"/> at its current position.</summary>
    public static void Save(Network network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(network);
        BinaryFileStore.Save(stream, ModelFileFormat.Kind, $"the model {network}", writer => NetworkCodec.Write(writer, network));
    }

    /// <summary>Loads the network saved in <paramref name="path"/>.</summary>
    public static Network Load(string path) => BinaryFileStore.Load(path, ModelFileFormat.Kind, reader => NetworkCodec.Read(reader));

    /// <summary>Loads a network from <paramref name="stream"/>, reading exactly the model's bytes.</summary>
    public static Network Load(Stream stream) => BinaryFileStore.Load(stream, ModelFileFormat.Kind, reader => NetworkCodec.Read(reader));
}
