namespace MnistTrainer;

/// <summary>A mistake in what the caller asked for or gave: reported as one line on stderr with exit code 2.</summary>
/// <remarks>The message says what was expected and what arrived, and names the option or file concerned.</remarks>
public sealed class UsageException : Exception
{
    /// <summary>Creates the exception with its one-line message.</summary>
    public UsageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its one-line message and the error that revealed the problem.</summary>
    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public UsageException()
        : base("The command line is not valid.")
    {
    }
}
