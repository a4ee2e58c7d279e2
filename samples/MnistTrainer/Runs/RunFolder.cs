namespace MnistTrainer.Runs;

/// <summary>A run's output folder, locked for one process while the command writes into it.</summary>
/// <remarks>
/// <para>The lock is the file <see cref="LockFileName"/> in the folder, opened with <see cref="FileShare.None"/>: on
/// Linux and macOS .NET takes an exclusive <c>flock</c> on it, on Windows a sharing lock; either is released by the
/// operating system when the process ends, <c>kill -9</c> included, so a crash never leaves the folder locked. A second
/// process (or command) is refused at once rather than made to wait: its report would otherwise be mixed with the
/// first one's.</para>
/// <para>The file is empty. It is deleted before the lock is released, never after: a newcomer can then only lock a new
/// file once the writes are over.</para>
/// </remarks>
internal sealed class RunFolder : IDisposable
{
    /// <summary>The lock file's name.</summary>
    public const string LockFileName = ".mnisttrainer.lock";

    private readonly FileStream _lock;
    private readonly bool _created;
    private bool _disposed;

    private RunFolder(string path, FileStream lockFile, bool created)
    {
        Path = path;
        _lock = lockFile;
        _created = created;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Locks <paramref name="folder"/> (which exists) for this process.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="created">Whether the command created it: then it is removed again if nothing was written into it (a command that failed early).</param>
    /// <exception cref="UsageException">The folder cannot be written to, or another process holds it.</exception>
    public static RunFolder Lock(string folder, bool created)
    {
        string path = System.IO.Path.Combine(folder, LockFileName);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UsageException($"--output {folder} cannot be written to: {e.Message}", e);
        }
        catch (IOException e) when (IsSharingViolation(e))
        {
            throw new UsageException($"--output {folder} is in use: another MnistTrainer processis writing its report there. Wait for it to end, or give another --output folder.", e);
        }
        catch (IOException e)
        {
            throw new UsageException($"--output {folder} cannot be written to: {e.Message}", e);
        }

        return new RunFolder(System.IO.Path.GetFullPath(folder), file, created);
    }

    /// <summary>Whether another process (or command) holds the lock of <paramref name="folder"/>.</summary>
    public static bool IsLocked(string folder)
    {
        try
        {
            using var probe = new FileStream(System.IO.Path.Combine(folder, LockFileName), FileMode.Open, FileAccess.Read, FileShare.None);
            return false;
        }
        catch (IOException e) when (IsSharingViolation(e))
        {
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Deletes the lock file and releases the lock; removes the folder when this command made it and wrote nothing into it.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            File.Delete(_lock.Name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind, it locks nothing: the next process takes the lock on it.
        }

        _lock.Dispose();
        try
        {
            if (_created && !Directory.EnumerateFileSystemEntries(Path).Any())
            {
                Directory.Delete(Path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An empty folder left behind is harmless.
        }
    }

    /// <summary>Whether opening failed because another handle holds the file: Windows' ERROR_SHARING_VIOLATION (32), or the <c>flock</c> error EWOULDBLOCK that .NET passes on as the HResult on Linux (11) and macOS (35).</summary>
    private static bool IsSharingViolation(IOException e) =>
        e is not FileNotFoundException and not DirectoryNotFoundException
        && (OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) == 32 : e.HResult == (OperatingSystem.IsMacOS() ? 35 : 11));
}
