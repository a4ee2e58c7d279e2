namespace NeuralNet.IO;

/// <summary>Replaces a file all at once: the new content goes to a temporary file in the same folder, reaches the disk, and is renamed over the target.</summary>
/// <remarks>
/// <para>A rename within one file system is atomic, so a reader opening the path sees the old file or the new one, never
/// a mixture; concurrent writers (threads or processes) each write their own temporary file, and the last rename wins
/// with a whole file. If anything throws, or the process dies, before the rename, the target is untouched; an exception
/// also deletes the temporary file (a crash can leave one behind, named <c>.name.*.tmp</c>).</para>
/// <para>The content is flushed to the disk (<c>fsync</c>) before the rename, so after a power loss the target holds the
/// old or the new content in full. Making the rename itself durable needs the folder flushed too, which .NET cannot do;
/// journaling file systems commit it within seconds.</para>
/// <para>Every file the library writes (models, checkpoints, histories, ONNX models, IDX and CSV files, downloads) goes through here.</para>
/// </remarks>
internal sealed class AtomicFile : IDisposable
{
    private readonly string _target;
    private readonly string _folder;
    private readonly string _temporary;
    private readonly string _what;
    private readonly FileStream _file;
    private bool _done;

    private AtomicFile(string target, string folder, string temporary, string what, FileStream file)
    {
        _target = target;
        _folder = folder;
        _temporary = temporary;
        _what = what;
        _file = file;
    }

    /// <summary>The temporary file to write the content to; <see cref="Commit"/> puts it in place.</summary>
    public Stream Stream => _file;

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    /// <param name="path">The target file; its folder must exist.</param>
    /// <param name="what">What is being saved, for messages: "the model".</param>
    /// <param name="write">Writes the whole content to the stream it gets.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder cannot be written to.</exception>
    /// <exception cref="IOException">The write or the rename failed.</exception>
    public static void Write(string path, string what, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using AtomicFile file = Begin(path, what);
        file.Run(() => write(file.Stream));
        file.Commit();
    }

    /// <summary>Creates the temporary file for <paramref name="path"/>; write to <see cref="Stream"/>, then <see cref="Commit"/>. Disposing without committing deletes it.</summary>
    /// <remarks>For writers that cannot go through a callback (they hold spans).</remarks>
    /// <exception cref="ArgumentException">The path names a folder or no file.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder cannot be written to.</exception>
    public static AtomicFile Begin(string path, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string target = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(target) ?? throw new ArgumentException($"Cannot save {what} to '{target}': it is not a file path.", nameof(path));
        string fileName = Path.GetFileName(target);
        if (fileName.Length == 0)
        {
            throw new ArgumentException($"Cannot save {what} to '{path}': it names a folder, not a file.", nameof(path));
        }

        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Cannot save {what} to '{target}': the folder '{folder}' does not exist. Create it first.");
        }

        string temporary = Path.Combine(folder, $".{fileName}.{Guid.NewGuid():N}.tmp");
        FileStream stream = Translate(what, target, folder, temporary, () =>
            new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0));
        return new AtomicFile(target, folder, temporary, what, stream);
    }

    /// <summary>Flushes the content to the disk and renames it over the target.</summary>
    /// <exception cref="UnauthorizedAccessException">The target cannot be replaced.</exception>
    /// <exception cref="IOException">The flush or the rename failed; the target is unchanged.</exception>
    public void Commit()
    {
        Run(() =>
        {
            _file.Flush(flushToDisk: true);
            _file.Dispose();
            File.Move(_temporary, _target, overwrite: true);
        });
        _done = true;
    }

    /// <summary>Deletes the temporary file unless <see cref="Commit"/> put it in place.</summary>
    public void Dispose()
    {
        _file.Dispose();
        if (!_done)
        {
            TryDelete(_temporary);
            _done = true;
        }
    }

    private void Run(Action action) => Translate(_what, _target, _folder, _temporary, () =>
    {
        action();
        return true;
    });

    private static T Translate<T>(string what, string target, string folder, string temporary, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (UnauthorizedAccessException ex)
        {
            TryDelete(temporary);
            throw new UnauthorizedAccessException(
                $"Cannot save {what} to '{target}': access is denied. The folder '{folder}' must be writable and the target must not be a folder. {ex.Message}",
                ex);
        }
        catch (DirectoryNotFoundException ex)
        {
            TryDelete(temporary);
            throw new DirectoryNotFoundException($"Cannot save {what} to '{target}': the folder '{folder}' does not exist. {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            TryDelete(temporary);
            throw new IOException($"Cannot save {what} to '{target}'; the previous file, if any, is unchanged. {ex.Message}", ex);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (IOException)
        {
            // The original exception matters more; a left-over temporary file is harmless and clearly named.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
