using NeuralNet.IO;

namespace NeuralNet.Training;

/// <summary>The exception thrown when a file or stream is not a NeuralNet training checkpoint this version can load.</summary>
/// <remarks>
/// The message names the file, the byte offset when there is one, and what is wrong: not a checkpoint file, a newer format
/// version, truncated, a checksum mismatch (the file is damaged), or sizes and names that do not fit together.
/// Every unreadable-file exception derives from <see cref="InvalidFileException"/>.
/// </remarks>
public sealed class InvalidCheckpointFileException : InvalidFileException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public InvalidCheckpointFileException()
        : base("The data is not a NeuralNet training checkpoint this version can load.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    public InvalidCheckpointFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and the exception that caused it.</summary>
    public InvalidCheckpointFileException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal InvalidCheckpointFileException(string? path, long? offset, string reason, Exception? innerException)
        : base(BinaryFileKind.FormatMessage("checkpoint", path, offset, reason), path, offset, innerException)
    {
    }
}
