using System.Text;

namespace MnistTrainer.Report;

/// <summary>Writes a report file all at once: a temporary file in the same folder, flushed to the disk, then renamed over the target.</summary>
/// <remarks>
/// A rename within one folder is atomic, so someone opening <c>loss.png</c> while a run rewrites it sees the old picture or
/// the new one, never half of one; if the write fails, the target is untouched and the temporary file
/// (<c>.loss.png.*.tmp</c>) is deleted. The library does the same for the files it writes (models, histories).
/// </remarks>
internal static class ReportFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    /// <exception cref="IOException">The write or the rename failed; the target is unchanged.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder cannot be written to.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        string target = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(target)!;
        string temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, atomically.</summary>
    public static void WriteBytes(string path, byte[] bytes) => Write(path, file => file.Write(bytes));

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> as UTF-8 without a byte order mark, atomically.</summary>
    public static void WriteText(string path, string text) => WriteBytes(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
}
