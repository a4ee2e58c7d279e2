using System.Globalization;
using System.Text;

namespace MnistTrainer.Runs;

/// <summary>Where the CLI writes: the run folder (<c>--output DIR</c>, or <c>runs/&lt;timestamp&gt;/</c>), and the one atomic writer every file of the CLI goes through.</summary>
/// <remarks>
/// <para><b>Every file the CLI writes itself goes through <see cref="WriteFile"/></b> (or <see cref="WriteText"/>):
/// summaries, pictures (SVG and PNG), sweep lines, prediction and submission files. The content goes to a temporary
/// file in the target's own folder (<c>.name.*.tmp</c>), is flushed to the disk (<c>fsync</c>), and is renamed over
/// the target; a rename within a folder is atomic. So a full disk, an error, a crash or <c>kill -9</c> at any moment
/// leaves the previous file whole (or no file), never a truncated one; a failure deletes the temporary file (a crash
/// can leave one behind, clearly named). The library's files (models, checkpoints, histories, ONNX) are written the
/// same way by the library.</para>
/// <para>A run folder is claimed by <see cref="Claim"/>: created, proved writable, checked against the command's
/// inputs, and locked for the whole command, so that two processes cannot mix their reports in one folder.</para>
/// </remarks>
internal static class OutputFolder
{
    /// <summary>The names of the files a run or a sweep writes into its folder (pictures and checkpoints are told by their extension).</summary>
    public static readonly IReadOnlySet<string> ReportFileNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "model.nnet", "summary.json", "history.json", "history.csv", "lr-sweep.jsonl",
    };

    private static readonly string[] ReportExtensions = [".svg", ".png", ".nnc"];

    /// <summary>Creates the folder (or a fresh timestamped one), proves it writable, refuses it when it is one of the command's inputs, and locks it.</summary>
    /// <param name="requested">The folder asked for, or null for a new <c>runs/&lt;timestamp&gt;</c>.</param>
    /// <param name="inputs">The command's inputs, by option: a folder among them may not be the output folder, and a file in the output folder may not have a name the run writes.</param>
    /// <returns>The claimed folder; dispose it when the command has written everything.</returns>
    /// <exception cref="UsageException">The folder cannot be created or written to, is an input, or another process is writing to it.</exception>
    public static RunFolder Claim(string? requested, IEnumerable<(string Option, string? Path)> inputs)
    {
        if (requested is null)
        {
            // Two runs started in the same second pick the same name; the one that does not get the lock takes the next.
            for (int attempt = 0; ; attempt++)
            {
                string fresh = NewRunFolder();
                try
                {
                    return Claim(fresh, inputs);
                }
                catch (UsageException) when (attempt < 10 && RunFolder.IsLocked(fresh))
                {
                }
            }
        }

        string folder = Path.GetFullPath(requested);
        if (FileStatus.KindOf(folder) is not (PathKind.Directory or PathKind.Missing))
        {
            throw new UsageException($"--output {folder} cannot be written to: {folder} is a file, not a folder.");
        }

        bool created = !Directory.Exists(folder);
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = FileInTheWay(folder) is { } file ? $"{file} is a file, not a folder" : e.Message;
            throw new UsageException($"--output {folder} cannot be written to: {reason}", e);
        }

        try
        {
            foreach ((string option, string? path) in inputs)
            {
                RefuseInput(folder, option, path);
            }

            return RunFolder.Lock(folder, created);
        }
        catch (UsageException) when (created)
        {
            // Refused before anything was written: the folder this call made goes again.
            TryDeleteFolder(folder);
            throw;
        }
    }

    /// <summary>Writes <paramref name="path"/> atomically through <paramref name="write"/>: a temporary file in the same folder, flushed to the disk, renamed over the target.</summary>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <param name="write">Writes the whole content to the stream it gets.</param>
    /// <exception cref="UsageException">The file cannot be written (a full disk, no permission, a folder in the way); the previous file, if any, is unchanged.</exception>
    public static void WriteFile(string path, Action<Stream> write)
    {
        string target = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(target)!;
        string temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            if (Directory.Exists(target))
            {
                throw new IOException($"{target} is a folder");
            }

            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 81920))
            {
                write(stream);

                // The content must be on the disk before the rename makes it the file: else a power loss could leave the new name over empty blocks.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new UsageException($"cannot write {target}: {e.Message.TrimEnd('.')}; the previous file, if any, is unchanged.", e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> as UTF-8 without a byte order mark, atomically (see <see cref="WriteFile"/>).</summary>
    /// <exception cref="UsageException">The file cannot be written; the previous file, if any, is unchanged.</exception>
    public static void WriteText(string path, string text) =>
        WriteFile(path, stream =>
        {
            byte[] bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
            stream.Write(bytes);
        });

    /// <summary>Whether a file called <paramref name="name"/> is one a run writes into its folder.</summary>
    public static bool IsReportFileName(string name) =>
        ReportFileNames.Contains(name) || ReportExtensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase);

    /// <summary>Refuses an output file that is one of the command's inputs, before anything is written.</summary>
    /// <param name="outputOption">The option naming the output: <c>--submission</c>.</param>
    /// <param name="output">The output file.</param>
    /// <param name="inputs">The command's input files, by option.</param>
    /// <exception cref="UsageException">The output is an input, or a folder.</exception>
    public static void RefuseOverwritingInputs(string outputOption, string output, IEnumerable<(string Option, string? Path)> inputs)
    {
        PathKind kind = FileStatus.KindOf(output);
        if (kind == PathKind.Directory)
        {
            throw new UsageException($"{outputOption} {output} is a folder; give the file to write.");
        }

        if (kind is PathKind.Pipe or PathKind.Device or PathKind.Other)
        {
            throw new UsageException($"{outputOption} {output} is not a regular file; it could not be replaced atomically. Give a file path.");
        }

        foreach ((string option, string? input) in inputs)
        {
            if (input is not null && kind == PathKind.File && FileStatus.KindOf(input) != PathKind.Missing && FileStatus.AreSame(output, input))
            {
                throw new UsageException($"{outputOption} {output} is also read by this command (as {option}); writing it would destroy what is being read. Give another file.");
            }
        }

        string? folder = Path.GetDirectoryName(Path.GetFullPath(output));
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new UsageException($"{outputOption} {output}: the folder {folder} does not exist.");
        }
    }

    private static void RefuseInput(string folder, string option, string? input)
    {
        if (input is null || FileStatus.KindOf(input) == PathKind.Missing)
        {
            return;
        }

        if (FileStatus.AreSame(folder, input))
        {
            throw new UsageException($"--output {folder} is the {option} input of this command; the report would be written among the files it reads. Give another --output folder.");
        }

        string? parent = Path.GetDirectoryName(Path.GetFullPath(input));
        if (parent is not null && FileStatus.AreSame(folder, parent) && IsReportFileName(Path.GetFileName(input)))
        {
            throw new UsageException($"--output {folder} holds the {option} input {input}, and the run writes a file of that name; give another --output folder.");
        }
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

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not empty after all, or not ours to delete: leave it.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original failure matters more; a left-over temporary file is harmless and clearly named.
        }
    }
}
