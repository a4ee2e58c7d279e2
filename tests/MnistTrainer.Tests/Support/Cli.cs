namespace MnistTrainer.Tests.Support;

/// <summary>Runs the sample's command line in-process, with its standard output and error captured.</summary>
public static class Cli
{
    /// <summary>Runs <paramref name="args"/> and returns the exit code and what was printed.</summary>
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, CancellationToken.None);

    /// <summary>Runs <paramref name="args"/> with a stop request that <paramref name="cancellationToken"/> carries.</summary>
    public static async Task<CliResult> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        int code = await CommandLineApp.RunAsync(args, output, error, cancellationToken);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
