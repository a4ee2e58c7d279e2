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
            string reason = FileInTheWay(folder) is { } file ? $"{file} is a file, not a folder" : e.Message;
            throw new UsageException($"--output {folder} cannot be written to: {reason}", e);
        }

        return folder;
    }

    /// <summary>The nearest existing ancestor of <paramref name="folder"/> (or itself) when it is a file, which no folder can be made in.</summary>
    private static string? FileInTheWay(string folder)
    {
        for (string? path = folder; path is not null; path = Path.GetDirectoryName(path))
        {
            if (File.Exists(path))
            {
                return path;
            }

            if (Directory.Exists(path))
            {
                return null;
            }
        }

        return null;
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
