namespace MnistTrainer.Tests.Support;

/// <summary>What one in-process run of the command line returned and printed.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>The non-empty lines of standard error.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The non-empty lines of standard output.</summary>
    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Everything printed, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
