using System.IO.Compression;

namespace NeuralNet.Data;

/// <summary>Opens dataset files for reading: rejects directories and empty files, and undoes gzip when the content starts with its magic bytes.</summary>
internal static class DatasetFile
{
    /// <summary>Bytes read from disk at a time; big enough to amortise system calls, small enough to stay in cache.</summary>
    public const int ChunkSize = 1 << 18;

    /// <summary>Deflate cannot expand a byte more than about 1032-fold, so a gzip file of n bytes decompresses to less than this many times n.</summary>
    public const long MaxGzipRatio = 1040;

    /// <summary>Opens <paramref name="path"/> read-only (others may read it too) and returns a stream of its content, decompressed if it is gzip.</summary>
    /// <param name="path">The file.</param>
    /// <param name="expected">What the file should be, for messages ("an IDX file").</param>
    /// <param name="isGzipped">Whether the file starts with the gzip magic bytes 0x1F 0x8B.</param>
    /// <param name="fileLength">The length of the file on disk.</param>
    /// <exception cref="InvalidDatasetFileException">The path is a directory or the file is empty.</exception>
    /// <exception cref="FileNotFoundException">Nothing exists at the path.</exception>
    public static Stream Open(string path, string expected, out bool isGzipped, out long fileLength)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw new InvalidDatasetFileException(path, $"the path is a directory; expected {expected}.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file; expected {expected}.", path);
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        try
        {
            fileLength = file.Length;
            if (fileLength == 0)
            {
                throw new InvalidDatasetFileException(path, $"the file is empty (0 bytes); expected {expected}.", offset: 0);
            }

            Span<byte> magic = stackalloc byte[2];
            int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            file.Position = 0;
            isGzipped = read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
            if (!isGzipped)
            {
                return file;
            }

            // The file stream is unbuffered, so give it one buffer here for the decompressor's small reads.
            return new GZipStream(new BufferedStream(file, 1 << 16), CompressionMode.Decompress, leaveOpen: false);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads into <paramref name="buffer"/> until it is full or the stream ends; returns the bytes read, and wraps decompression errors.</summary>
    /// <exception cref="InvalidDatasetFileException">The gzip stream is corrupt.</exception>
    public static int Fill(Stream stream, Span<byte> buffer, string path, long offset)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDatasetFileException(path, $"the gzip content is corrupt ({e.Message})", offset: offset, innerException: e);
        }
    }

    /// <summary>Counts the bytes left in <paramref name="stream"/>, reading them.</summary>
    public static long CountRemaining(Stream stream, string path, long offset)
    {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = Fill(stream, buffer, path, offset + total)) > 0)
        {
            total += read;
        }

        return total;
    }
}
