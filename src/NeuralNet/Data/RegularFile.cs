using System.Runtime.InteropServices;

namespace NeuralNet.Data;

/// <summary>Tells a regular file from a named pipe, a device or a socket before it is opened: opening a pipe blocks until a writer comes, and reading <c>/dev/zero</c> never ends.</summary>
/// <remarks>
/// .NET reports such paths as existing files of length 0 and does not expose their type, so on Unix the type comes
/// from the runtime's own <c>stat</c> shim (<c>SystemNative_Stat</c> in <c>libSystem.Native</c>, which ships with every
/// .NET runtime; its status record starts with two 32-bit fields, flags then the <c>st_mode</c> bits). When the shim
/// cannot be called, the caller's check for an empty file (pipes and devices have length 0) keeps them from being opened.
/// </remarks>
internal static partial class RegularFile
{
    private const int TypeMask = 0xF000;

    /// <summary>What the path is when it is not a regular file (such as "a named pipe (FIFO)"), or null for a regular file.</summary>
    public static string? Describe(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        int? mode = Mode(path);
        if (mode is null)
        {
            return null;
        }

        return (mode.Value & TypeMask) switch
        {
            0x1000 => "a named pipe (FIFO)",
            0x2000 => "a character device",
            0x4000 => "a directory",
            0x6000 => "a block device",
            0xC000 => "a socket",
            _ => null,
        };
    }

    private static unsafe int? Mode(string path)
    {
        try
        {
            // Generously sized: the record has grown over the runtime's versions, and only its second field is read.
            byte* status = stackalloc byte[512];
            return Stat(path, status) == 0 ? *(int*)(status + 4) : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Without the shim the caller's length check still keeps pipes and devices (length 0) from being opened.
            return null;
        }
    }

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Stat(string path, byte* status);
}
