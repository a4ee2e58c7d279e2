namespace NeuralNet.Data;

/// <summary>Where a reader gets its bytes: a file (which it may open several times, for parallel parts) or a seekable stream the caller owns.</summary>
internal sealed class DatasetSource
{
    private readonly Stream? _stream;
    private readonly long _start;

    private DatasetSource(string name, string? path, Stream? stream)
    {
        Name = name;
        Path = path;
        _stream = stream;
        _start = stream?.Position ?? 0;
    }

    /// <summary>The path, or the name given for a stream; it starts every message.</summary>
    public string Name { get; }

    /// <summary>The file, or null for a stream.</summary>
    public string? Path { get; }

    /// <summary>Whether several streams may be opened at once (a file).</summary>
    public bool CanOpenMany => Path is not null;

    /// <summary>A file source.</summary>
    public static DatasetSource FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new DatasetSource(path, path, null);
    }

    /// <summary>A stream source, read from its current position to its end.</summary>
    /// <exception cref="ArgumentException">The stream cannot read or seek.</exception>
    public static DatasetSource FromStream(Stream stream, string? name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("The stream must be readable and seekable (a file or memory stream): the reader reads it twice, once to size the result and once to fill it.", nameof(stream));
        }

        return new DatasetSource(string.IsNullOrEmpty(name) ? "the stream" : name, null, stream);
    }

    /// <summary>Opens the raw bytes at their start; the caller disposes the result (which leaves a caller's stream open).</summary>
    /// <exception cref="InvalidDatasetFileException">The path is a directory or not a regular file, or the content is empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public Stream OpenRaw(string expected, out long length)
    {
        if (_stream is not null)
        {
            _stream.Position = _start;
            length = _stream.Length - _start;
            if (length <= 0)
            {
                throw new InvalidDatasetFileException(Name, $"the stream is empty (0 bytes); expected {expected}.", offset: 0);
            }

            return new StreamView(_stream);
        }

        string path = Path!;
        if (Directory.Exists(path))
        {
            throw new InvalidDatasetFileException(path, $"the path is a directory; expected {expected}.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file; expected {expected}.", path);
        }

        // A named pipe would block the open until a writer comes, and a device never ends: refuse both before opening.
        if (RegularFile.Describe(path) is string kind)
        {
            throw new InvalidDatasetFileException(path, $"the path is {kind}, not a regular file; expected {expected}.");
        }

        if (new FileInfo(path).Length == 0)
        {
            throw new InvalidDatasetFileException(path, $"the file is empty (0 bytes); expected {expected}.", offset: 0);
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        length = file.Length;
        return file;
    }

    /// <summary>A caller's stream that reads on its own position and is not closed with the view.</summary>
    private sealed class StreamView(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
