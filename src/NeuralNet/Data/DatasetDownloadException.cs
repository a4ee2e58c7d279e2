namespace NeuralNet.Data;

/// <summary>Dataset files could not be fetched from any source; the message lists every attempt and where to put the files by hand.</summary>
public sealed class DatasetDownloadException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, every attempt, and the manual fix.</param>
    /// <param name="directory">Where the files were to go.</param>
    /// <param name="attempts">Each source tried, with why it failed.</param>
    public DatasetDownloadException(string message, string directory, IReadOnlyList<string> attempts)
        : base(message)
    {
        Directory = directory;
        Attempts = attempts;
    }

    /// <summary>Where the files were to go.</summary>
    public string Directory { get; }

    /// <summary>Each source tried, with why it failed.</summary>
    public IReadOnlyList<string> Attempts { get; }
}
