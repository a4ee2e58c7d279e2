using NeuralNet.Data;
using NeuralNet.Serialization;
using NeuralNet.Training;

namespace MnistTrainer;

/// <summary>Turns a command's failure into one line on standard error and an exit code.</summary>
/// <remarks>
/// Usage and input problems (a bad option value, a missing, malformed or unwritable file) exit with 2; everything else
/// (training diverged, a download failed, a bug) with 1. The line starts with <c>error:</c> and holds the message only;
/// <c>--verbose</c> adds the exception's type and stack trace.
/// </remarks>
internal static class ErrorReport
{
    /// <summary>Writes <paramref name="exception"/> to <paramref name="error"/> and returns the exit code it means.</summary>
    public static int Write(Exception exception, TextWriter error, bool verbose)
    {
        if (exception is OperationCanceledException)
        {
            error.WriteLine("Stopped.");
            return ExitCodes.Cancelled;
        }

        int code = IsUsage(exception) ? ExitCodes.Usage : ExitCodes.Failure;
        string message = OneLine(exception is UsageException or TrainingDivergedException or InvalidDatasetFileException or InvalidModelFileException or InvalidCheckpointFileException or DatasetDownloadException
            ? exception.Message
            : $"{exception.GetType().Name}: {exception.Message}");
        error.WriteLine($"error: {message}");
        if (verbose)
        {
            error.WriteLine(exception.ToString());
        }

        return code;
    }

    private static bool IsUsage(Exception exception) => exception is UsageException
        or InvalidDatasetFileException
        or InvalidModelFileException
        or InvalidCheckpointFileException
        or FileNotFoundException
        or DirectoryNotFoundException;

    /// <summary>Joins a message's lines, so that the error stays one line (a failed download lists every source it tried).</summary>
    private static string OneLine(string message) =>
        string.Join("; ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
