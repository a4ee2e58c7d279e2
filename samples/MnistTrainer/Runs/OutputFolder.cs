using System.Globalization;

namespace MnistTrainer.Runs;

/// <summary>The folder a run writes its report into: <c>--output DIR</c>, or <c>runs/&lt;timestamp&gt;/</c> under the current folder.</summary>
internal static class OutputFolder
{
    /// <summary>Creates the folder (or a fresh timestamped one) and proves it writable before any work is done.</summary>
    /// <param name="requested">The folder asked for, or null for a new <c>runs/&lt;timestamp&gt;</c>.</param>
    /// <returns>The folder's full path.</returns>
    /// <exception cref="UsageException">The folder cannot be created or written to; the message says why.</exception>
    public static string Prepare(string? requested)
    {
        string folder = Path.GetFullPath(requested ?? NewRunFolder());
        try
        {
            Directory.CreateDirectory(folder);

            // Creating a folder can succeed where writing into it fails (read-only mounts, immutable folders): try a file.
            string probe = Path.Combine(folder, $".write-test-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--output {folder} cannot be written to: {e.Message}", e);
        }

        return folder;
    }

    private static string NewRunFolder()
    {
        string stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string folder = Path.Combine("runs", stamp);
        for (int n = 2; Directory.Exists(folder); n++)
        {
            folder = Path.Combine("runs", $"{stamp}-{n}");
        }

        return folder;
    }
}
