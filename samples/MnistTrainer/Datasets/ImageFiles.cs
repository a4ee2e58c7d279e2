namespace MnistTrainer.Datasets;

/// <summary>Tells image files (PNG, JPEG, BMP) from dataset files by their first bytes, as <see cref="DataFile"/> tells IDX from CSV.</summary>
internal static class ImageFiles
{
    /// <summary>Whether <paramref name="path"/> starts with a PNG, JPEG or BMP signature.</summary>
    /// <remarks>PNG: <c>89 50 4E 47 0D 0A 1A 0A</c>; JPEG: <c>FF D8 FF</c>; BMP: <c>42 4D</c> ("BM"). A CSV row of numbers or an IDX file starts with none of them.</remarks>
    public static bool IsImage(string path)
    {
        // Only a regular file is opened: opening a named pipe waits for a writer, and a device never ends.
        if (Runs.FileStatus.KindOf(path) != Runs.PathKind.File)
        {
            return false;
        }

        using FileStream file = File.OpenRead(path);
        Span<byte> head = stackalloc byte[8];
        int read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        return head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            || head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])
            || head.StartsWith("BM"u8);
    }

    /// <summary>Whether <paramref name="path"/> is to be read as an image: it starts like one, or it exists and is named like one (so that a damaged <c>digit.png</c> is reported as a bad image, not as a bad CSV file).</summary>
    public static bool IsImageInput(string path) =>
        IsImage(path) || (Runs.FileStatus.KindOf(path) == Runs.PathKind.File && Path.GetExtension(path).ToLowerInvariant() is ".png" or ".jpg" or ".jpeg" or ".bmp");
}
