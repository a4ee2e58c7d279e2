using System.Buffers.Binary;
using System.IO.Compression;

namespace NeuralNet.Data;

/// <summary>Opens dataset content for reading: refuses directories, pipes, devices and empty files, and undoes gzip when the content starts with its magic bytes.</summary>
/// <remarks>
/// <para>Gzip is recognised by the first two bytes (0x1F 0x8B), not the name. A gzip file must be one complete gzip
/// member, as gzip, pigz, Python and .NET write them: its decompressed length must match the length its trailer
/// records (the last four bytes, modulo 2^32). That check is what catches a truncated file, bytes after the gzip stream
/// and several members joined end to end (<c>cat a.gz b.gz</c>), which .NET's decompressor would silently read as
/// shorter, ignore, or join: each is refused with an <see cref="InvalidDatasetFileException"/> naming the length reached
/// (decompress such a file with <c>gunzip</c> and give the raw file). A corrupt deflate stream or checksum is refused too.</para>
/// </remarks>
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
    /// <exception cref="InvalidDatasetFileException">The path is a directory, not a regular file, or the file is empty.</exception>
    /// <exception cref="FileNotFoundException">Nothing exists at the path.</exception>
    public static Stream Open(string path, string expected, out bool isGzipped, out long fileLength) =>
        Open(DatasetSource.FromFile(path), expected, out isGzipped, out fileLength);

    /// <summary>Opens the content of <paramref name="source"/>, decompressed if it is gzip; see <see cref="Open(string, string, out bool, out long)"/>.</summary>
    public static Stream Open(DatasetSource source, string expected, out bool isGzipped, out long fileLength)
    {
        Stream file = source.OpenRaw(expected, out fileLength);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            isGzipped = read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
            if (!isGzipped)
            {
                file.Seek(-read, SeekOrigin.Current);
                return file;
            }

            uint recordedLength = 0;
            long consumed = read;
            if (fileLength >= 18)
            {
                // The trailer's last field: the decompressed length modulo 2^32.
                Span<byte> trailer = stackalloc byte[4];
                file.Seek(fileLength - 4 - read, SeekOrigin.Current);
                file.ReadExactly(trailer);
                recordedLength = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
                consumed = fileLength;
            }

            // Back to the content's first byte: only the magic was read from a file too short for a trailer.
            file.Seek(-consumed, SeekOrigin.Current);
            return new GzipContent(file, source.Name, fileLength, recordedLength);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The length a gzip file's trailer records for its content (modulo 2^32), or null for a raw file or one too short to have a trailer.</summary>
    public static uint? RecordedLength(Stream content) => content is GzipContent gzip && gzip.FileLength >= 18 ? gzip.RecordedLength : null;

    /// <summary>Reads into <paramref name="buffer"/> until it is full or the stream ends; returns the bytes read, and wraps decompression errors.</summary>
    /// <exception cref="InvalidDatasetFileException">The gzip stream is corrupt, truncated, or followed by other bytes.</exception>
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

    /// <summary>Counts the bytes left in <paramref name="stream"/>, reading at most <paramref name="limit"/> of them (and one more, to tell that there are more).</summary>
    public static long CountRemaining(Stream stream, string path, long offset, long limit = long.MaxValue)
    {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while (total <= limit)
        {
            long room = limit - total;
            int want = room >= buffer.Length ? buffer.Length : (int)room + 1;
            if ((read = Fill(stream, buffer.AsSpan(0, want), path, offset + total)) == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>The decompressed content of a gzip file, which checks at its end that it had the length the trailer records.</summary>
    private sealed class GzipContent : Stream
    {
        private readonly GZipStream _gzip;
        private readonly string _name;
        private long _produced;
        private bool _ended;

        public GzipContent(Stream file, string name, long fileLength, uint recordedLength)
        {
            // The file stream is unbuffered, so give it one buffer here for the decompressor's small reads.
            _gzip = new GZipStream(new BufferedStream(file, 1 << 16), CompressionMode.Decompress, leaveOpen: false);
            _name = name;
            FileLength = fileLength;
            RecordedLength = recordedLength;
        }

        public long FileLength { get; }

        public uint RecordedLength { get; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _produced; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (buffer.IsEmpty || _ended)
            {
                return 0;
            }

            int read;
            try
            {
                read = _gzip.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDatasetFileException(_name, $"the gzip content is corrupt ({e.Message}); the file is damaged.", offset: _produced, innerException: e);
            }

            _produced += read;
            if (read == 0)
            {
                _ended = true;
                if (FileLength < 18 || (uint)_produced != RecordedLength)
                {
                    throw new InvalidDatasetFileException(
                        _name,
                        $"the gzip stream ends after {_produced} bytes of content but its trailer records {(FileLength < 18 ? "none (the file is too short to hold one)" : $"{RecordedLength} (the length modulo 2^32)")}: the file is truncated, has bytes after its gzip stream, or joins several gzip members. Only one complete gzip stream is read; decompress the file with gunzip and give the raw file.",
                        offset: _produced);
                }
            }

            return read;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _gzip.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
