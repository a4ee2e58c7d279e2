namespace NeuralNet.Serialization;

/// <summary>Saves and loads networks as model files; <see cref="Network.Save(string)"/> and <see cref="Network.Load(string)"/> forward here.</summary>
/// <remarks>The format is in <c>docs/model-format.md</c>; the atomic replacement is <see cref="AtomicFile"/>'s.</remarks>
internal static class ModelFile
{
    /// <summary>Saves <paramref name="network"/> to <paramref name="path"/>, atomically.</summary>
    public static void Save(Network network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);

        // Measure first: a network the format cannot hold is refused before the folder is touched.
        long bodyLength = ChecksummedFile.MeasureBody(writer => NetworkCodec.Write(writer, network));
        AtomicFile.Write(
            path,
            $"the model {network}",
            stream => ChecksummedFile.Write(stream, BinaryFileKind.Model, writer => NetworkCodec.Write(writer, network), bodyLength));
    }

    /// <summary>Writes <paramref name="network"/> to <paramref name="stream"/> at its current position.</summary>
    public static void Save(Network network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException($"Cannot save the model {network} to a {stream.GetType().Name} that cannot be written to.", nameof(stream));
        }

        ChecksummedFile.Write(stream, BinaryFileKind.Model, writer => NetworkCodec.Write(writer, network));
    }

    /// <summary>Loads the network saved in <paramref name="path"/>.</summary>
    public static Network Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = Path.GetFullPath(path);

        // FileShare.Delete lets another process replace the file (rename over it) while we read, as on Unix.
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0);
        return Read(stream, fullPath, wholeStream: true);
    }

    /// <summary>Loads a network from <paramref name="stream"/>, reading exactly the model's bytes.</summary>
    public static Network Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException($"Cannot load a model from a {stream.GetType().Name} that cannot be read.", nameof(stream));
        }

        return Read(stream, (stream as FileStream)?.Name, wholeStream: false);
    }

    private static Network Read(Stream stream, string? path, bool wholeStream)
    {
        using BinaryFileReader reader = ChecksummedFile.Open(stream, path, BinaryFileKind.Model, wholeStream);
        Network network = NetworkCodec.Read(reader);
        reader.RequireEnd("the parameters");
        return network;
    }
}
