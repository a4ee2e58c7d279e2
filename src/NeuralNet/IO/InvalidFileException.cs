namespace NeuralNet.IO;

/// <summary>The base of the exceptions thrown when a file the library reads is not what it claims to be: a model file, a checkpoint, a dataset.</summary>
/// <remarks>
/// <para>The message names the file (or "the stream"), where in it the problem is, what was expected and what was found.
/// The same facts are available as properties, so code can report them its own way. The file itself is never modified.</para>
/// <para>It derives from <see cref="IOException"/> (<see cref="InvalidDataException"/> is sealed), so code that handles
/// file errors in general handles it too; catch this type to handle every kind of unreadable file at once.</para>
/// </remarks>
public abstract class InvalidFileException : IOException
{
    /// <summary>Creates an exception with the given message.</summary>
    protected InvalidFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and the exception that caused it.</summary>
    protected InvalidFileException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a problem found in <paramref name="filePath"/> at <paramref name="offset"/>.</summary>
    protected InvalidFileException(string message, string? filePath, long? offset, Exception? innerException)
        : base(message, innerException)
    {
        FilePath = filePath;
        Offset = offset;
    }

    /// <summary>The full path of the file, or <see langword="null"/> when the data came from a stream without one.</summary>
    public string? FilePath { get; }

    /// <summary>The byte offset at which the problem was found (into the decompressed content for gzipped files), or <see langword="null"/> when it concerns the whole file or is not known.</summary>
    public long? Offset { get; }
}
