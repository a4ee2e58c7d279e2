namespace DigitServer;

/// <summary>The server cannot start: no model was named, or the model file cannot be loaded.</summary>
public sealed class StartupException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public StartupException()
        : base("The server cannot start.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>, which says how to fix it.</summary>
    public StartupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public StartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
