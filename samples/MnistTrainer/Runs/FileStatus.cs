using System.Runtime.InteropServices;

namespace MnistTrainer.Runs;

/// <summary>The kind and identity of a path, from the operating system's <c>stat</c>: .NET's file API cannot tell a regular file from a named pipe or a device.</summary>
/// <remarks>
/// <para>On Linux (x64 and Arm64, glibc 2.33 or later, which exports <c>stat</c>) the kind and the (device, inode)
/// pair come from <c>stat(2)</c>, which follows links; two paths with the same pair are the same file, however they
/// are spelled (links, <c>..</c>, hard links). Elsewhere, or if the call is unavailable, <see cref="FileInfo"/> and
/// <see cref="DirectoryInfo"/> answer: files and folders are told apart, pipes and devices count as files, and
/// identity falls back to the full path with links resolved.</para>
/// </remarks>
internal static partial class FileStatus
{
    private const int StatBufferSize = 256;
    private const int TypeMask = 0xF000;

    /// <summary>What <paramref name="path"/> names.</summary>
    public static PathKind KindOf(string path)
    {
        if (TryStat(path, out int mode, out _, out _))
        {
            return (mode & TypeMask) switch
            {
                0x8000 => PathKind.File,
                0x4000 => PathKind.Directory,
                0x1000 => PathKind.Pipe,
                0x2000 or 0x6000 => PathKind.Device,
                _ => PathKind.Other,
            };
        }

        return Directory.Exists(path) ? PathKind.Directory : File.Exists(path) ? PathKind.File : PathKind.Missing;
    }

    /// <summary>Whether <paramref name="first"/> and <paramref name="second"/> name the same existing file or folder.</summary>
    public static bool AreSame(string first, string second)
    {
        if (TryStat(first, out _, out long device1, out long inode1) && TryStat(second, out _, out long device2, out long inode2))
        {
            return device1 == device2 && inode1 == inode2;
        }

        return string.Equals(Resolved(first), Resolved(second), StringComparison.Ordinal);
    }

    /// <summary>The full path with a link in its last component followed, for the fallback comparison.</summary>
    private static string Resolved(string path)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        try
        {
            return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }

    private static bool TryStat(string path, out int mode, out long device, out long inode)
    {
        mode = 0;
        device = 0;
        inode = 0;
        int modeOffset = RuntimeInformation.ProcessArchitecture switch
        {
            // struct stat: st_dev and st_ino first on both; x86-64 puts st_nlink (8 bytes) before st_mode, the generic layout after it.
            Architecture.X64 => 24,
            Architecture.Arm64 => 16,
            _ => -1,
        };
        if (!OperatingSystem.IsLinux() || modeOffset < 0)
        {
            return false;
        }

        var buffer = new byte[StatBufferSize];
        try
        {
            if (Stat(Path.GetFullPath(path), buffer) != 0)
            {
                return false;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }

        device = BitConverter.ToInt64(buffer, 0);
        inode = BitConverter.ToInt64(buffer, 8);
        mode = BitConverter.ToInt32(buffer, modeOffset);
        return true;
    }

    [LibraryImport("libc.so.6", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Stat(string path, [Out] byte[] buffer);
}
