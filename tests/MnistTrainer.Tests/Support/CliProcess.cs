using System.Diagnostics;

namespace MnistTrainer.Tests.Support;

/// <summary>Runs the sample as a child process (<c>dotnet MnistTrainer.dll</c>), for what only a process shows: the environment's locale, two processes at once, <c>kill -9</c>.</summary>
public static class CliProcess
{
    /// <summary>The sample's assembly, copied beside the tests' with its runtime configuration.</summary>
    public static string Assembly => Path.Combine(AppContext.BaseDirectory, "MnistTrainer.dll");

    /// <summary>Starts the program with <paramref name="args"/>; standard output and error are redirected.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="environment">Variables to set (or, with a null value, remove) in the child's environment.</param>
    /// <param name="workingDirectory">The child's current folder, or null for the tests'.</param>
    public static Process Start(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        start.ArgumentList.Add(Assembly);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach ((string name, string? value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return Process.Start(start)!;
    }

    /// <summary>Runs the program to its end (at most <paramref name="timeout"/>) and returns what it printed.</summary>
    public static async Task<CliResult> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null, string? workingDirectory = null)
    {
        using Process process = Start(args, environment, workingDirectory);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"MnistTrainer {string.Join(' ', args)} did not end within {timeout ?? TimeSpan.FromSeconds(60)}.");
        }

        return new CliResult(process.ExitCode, await output, await error);
    }
}
