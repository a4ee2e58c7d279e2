namespace MnistTrainer.Tests.Support;

/// <summary>A small RAM file system mounted for one test (Linux, as root): a disk that fills up, or a read-only one.</summary>
/// <remarks><see cref="TryMount"/> returns null, with the reason, where mounting is not permitted; the test then says so and ends.</remarks>
public sealed class Tmpfs : IDisposable
{
    private Tmpfs(string path)
    {
        Path = path;
    }

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="size"/> (such as <c>64k</c>) at a new folder under <paramref name="parent"/>, or returns null and why not.</summary>
    public static Tmpfs? TryMount(string parent, string size, bool readOnly, out string reason)
    {
        string path = System.IO.Path.Combine(parent, $"tmpfs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            reason = "mounting a tmpfs needs Linux and root";
            return null;
        }

        if (!SpecialFiles.Run("mount", "-t", "tmpfs", "-o", $"size={size}{(readOnly ? ",ro" : "")}", "tmpfs", path))
        {
            reason = "mount -t tmpfs is not permitted here (a container without CAP_SYS_ADMIN?)";
            return null;
        }

        reason = "";
        return new Tmpfs(path);
    }

    /// <summary>Fills the file system, leaving about <paramref name="free"/> bytes, with a file named <c>filler</c>.</summary>
    public void Fill(long free)
    {
        var drive = new DriveInfo(Path);
        long size = Math.Max(0, drive.AvailableFreeSpace - free);
        using var filler = new FileStream(System.IO.Path.Combine(Path, "filler"), FileMode.Create);
        var block = new byte[4096];
        try
        {
            for (long written = 0; written < size; written += block.Length)
            {
                filler.Write(block, 0, (int)Math.Min(block.Length, size - written));
            }

            filler.Flush();
        }
        catch (IOException)
        {
            // Full already.
        }
    }

    public void Dispose()
    {
        SpecialFiles.Run("umount", "-l", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
