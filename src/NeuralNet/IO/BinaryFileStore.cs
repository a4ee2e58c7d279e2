namespace NeuralNet.IO;

/// <summary>Saves and loads whole files of one <see cref="BinaryFileKind"/>: atomic saves to paths, validated loads, and the stream forms.</summary>
/// <remarks>Model files and checkpoints differ only in their kind and body; everything around the body is here.</remarks>
internal static class BinaryFileStore
{
    /// <summary>Saves a file of <paramref name="kind"/> to <paramref name="path"/>, atomically.</summary>
    /// <param name="path">The target; its folder must exist.</param>
    /// <param name="kind">Model or checkpoint.</param>
    /// <param name="what">What is saved, for messages: "the model Network(784-128-10)".</param>
    /// <param name="writeBody">Writes the body; it runs twice (to measure, then to write), so it must write the same both times.</param>
    /// <param name="flags">The header flags: which optional parts the body holds.</param>
    public static void Save(string path, BinaryFileKind kind, string what, Action<BinaryFileWriter> writeBody, uint flags = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);

        // Measure first: content the format cannot hold is refused before the folder is touched.
        long bodyLength = ChecksummedFile.MeasureBody(writeBody);
        AtomicFile.Write(path, what, stream => ChecksummedFile.Write(stream, kind, writeBody, bodyLength, flags));
    }

    /// <summary>Writes a file of <paramref name="kind"/> to <paramref name="stream"/> at its current position.</summary>
    /// <exception cref="ArgumentException">The stream cannot be written to.</exception>
    public static void Save(Stream stream, BinaryFileKind kind, string what, Action<BinaryFileWriter> writeBody, uint flags = 0)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException($"Cannot save {what} to a {stream.GetType().Name} that cannot be written to.", nameof(stream));
        }

        ChecksummedFile.Write(stream, kind, writeBody, flags);
    }

    /// <summary>Loads the file of <paramref name="kind"/> at <paramref name="path"/>; <paramref name="read"/> parses the body and must consume all of it.</summary>
    public static T Load<T>(string path, BinaryFileKind kind, Func<BinaryFileReader, T> read)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = Path.GetFullPath(path);

        // FileShare.Delete lets another process replace the file (rename over it) while we read, as on Unix.
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0);
        return Read(stream, fullPath, kind, read, wholeStream: true);
    }

    /// <summary>Loads a file of <paramref name="kind"/> from <paramref name="stream"/>, reading exactly its bytes.</summary>
    /// <exception cref="ArgumentException">The stream cannot be read.</exception>
    public static T Load<T>(Stream stream, BinaryFileKind kind, Func<BinaryFileReader, T> read)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException($"Cannot load a {kind.Name} from a {stream.GetType().Name} that cannot be read.", nameof(stream));
        }

        return Read(stream, (stream as FileStream)?.Name, kind, read, wholeStream: false);
    }

    private static T Read<T>(Stream stream, string? path, BinaryFileKind kind, Func<BinaryFileReader, T> read, bool wholeStream)
    {
        using BinaryFileReader reader = ChecksummedFile.Open(stream, path, kind, wholeStream);
        T result = read(reader);
        reader.RequireEnd($"the {kind.Name}'s content");
        return result;
    }
}
