
namespace NeuralNet.Imaging;

/// <summary>The exception thrown for an image that cannot be used: not decodable (corrupt, truncated, not an image), too large, or without ink.</summary>
/// <remarks>
/// The message names the file (or, for an image from memory, the name the caller gave it) and what is wrong.
/// It derives from <see cref="IOException"/> because <see cref="InvalidDataException"/> is sealed, as
/// <c>InvalidModelFileException</c> does.
/// </remarks>
public sealed class InvalidImageFileException : IOException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public InvalidImageFileException()
        : base("The image cannot be used.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    public InvalidImageFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and the exception that caused it.</summary>
    public InvalidImageFileException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for the image named <paramref name="filePath"/>.</summary>
    /// <param name="filePath">The file, or the name of an image that came from memory (such as <c>request body</c>).</param>
    /// <param name="message">What is wrong; it should name the image.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public InvalidImageFileException(string? filePath, string message, Exception? innerException)
        : base(message, innerException)
    {
        FilePath = filePath;
    }

    /// <summary>The file (or the name of the in-memory image) that could not be used, when known.</summary>
    public string? FilePath { get; }
}
