namespace NeuralNet.Serialization;

/// <summary>Replaces a file all at once: the new content goes to a temporary file in the same folder, reaches the disk, and is renamed over the target.</summary>
/// <remarks>
/// <para>A rename within one file system is atomic, so a reader opening the path sees the old file or the new one, never
/// a mixture; concurrent writers (threads or processes) each write their own temporary file, and the last rename wins
/// with a whole file. If anything throws, or the process dies, before the rename, the target is untouched; an exception
/// also deletes the temporary file (a crash can leave one behind, named <c>.name.*.tmp</c>).</para>
/// <para>The content is flushed to the disk (<c>fsync</c>) before the rename, so after a power loss the target holds the
/// old or the new content in full. Making the rename itself durable needs the folder flushed too, which .NET cannot do;
/// journaling file systems commit it within seconds.</para>
/// </remarks>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    /// <param name="path">The target file; its folder must exist.</param>
    /// <param name="what">What is being saved, for messages: "the model".</param>
    /// <param name="write">Writes the whole content to the stream it gets.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder cannot be written to.</exception>
    /// <exception cref="IOException">The write or the rename failed.</exception>
    public static void Write(string path, string what, Action<Stream> write)
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
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
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
