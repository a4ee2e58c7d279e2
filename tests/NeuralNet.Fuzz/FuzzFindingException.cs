namespace NeuralNet.Fuzz;

/// <summary>A reader broke a promise without throwing the wrong exception: a result its oracle refutes, or an allocation past the bound.</summary>
internal sealed class FuzzFindingException : Exception
{
    /// <summary>Creates a finding with what went wrong.</summary>
    public FuzzFindingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates a finding with no message.</summary>
    public FuzzFindingException()
    {
    }

    /// <summary>Creates a finding caused by <paramref name="innerException"/>.</summary>
    public FuzzFindingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
