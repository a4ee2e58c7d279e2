using System.Buffers;
using System.Buffers.Binary;

namespace NeuralNet.IO;

/// <summary>The container shared by model and checkpoint files: a header (magic, version, flags, length), a body, and a CRC-32C of everything before it.</summary>
/// <remarks>See <c>docs/model-format.md</c>. Reading checks, in this order: the magic, the version, the declared length
/// against the bytes there, then the checksum; only a body that passed all four reaches the caller's parser.</remarks>
internal static class ChecksummedFile
{
    // A stream that cannot tell its length is read in chunks that grow as data arrives, so a forged length cannot make us allocate.
    private const int FirstChunk = 1 << 20;

    /// <summary>Runs <paramref name="writeBody"/> against a counting writer: returns the body's length, or throws what a real write would, before any byte is written.</summary>
    /// <exception cref="NotSupportedException">The body holds something the format cannot represent.</exception>
    public static long MeasureBody(Action<BinaryFileWriter> writeBody)
    {
        using BinaryFileWriter counter = BinaryFileWriter.Counting();
        writeBody(counter);
        return counter.Length;
    }

    /// <summary>Writes a whole file of <paramref name="kind"/> to <paramref name="stream"/>.</summary>
    /// <exception cref="NotSupportedException">The body holds something the format cannot represent, or the file would exceed 2 GiB.</exception>
    /// <exception cref="InvalidOperationException">The content changed while it was being written.</exception>
    public static void Write(Stream stream, BinaryFileKind kind, Action<BinaryFileWriter> writeBody, uint flags = 0) =>
        Write(stream, kind, writeBody, MeasureBody(writeBody), flags);

    /// <summary>Writes a whole file of <paramref name="kind"/> whose body <see cref="MeasureBody"/> found to be <paramref name="bodyLength"/> bytes.</summary>
    /// <exception cref="NotSupportedException">The file would exceed 2 GiB.</exception>
    /// <exception cref="InvalidOperationException">The content changed since it was measured.</exception>
    public static void Write(Stream stream, BinaryFileKind kind, Action<BinaryFileWriter> writeBody, long bodyLength, uint flags = 0)
    {
        if ((flags & ~kind.KnownFlags) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(flags), flags, $"A {kind.Name} file defines no flags 0x{flags & ~kind.KnownFlags:X8}.");
        }

        long fileLength = ChecksummedFileFormat.HeaderLength + bodyLength + ChecksummedFileFormat.TrailerLength;
        if (fileLength > Array.MaxLength)
        {
            throw new NotSupportedException($"This {kind.Name} would take {fileLength} bytes; {kind.Name} files hold at most {Array.MaxLength} bytes (2 GiB).");
        }

        using BinaryFileWriter writer = BinaryFileWriter.To(stream);
        writer.WriteBytes(kind.Magic);
        writer.WriteUInt32(kind.Version);
        writer.WriteUInt32(flags); // each flag announces an optional part of the body
        writer.WriteUInt64((ulong)fileLength);
        writeBody(writer);
        if (writer.Length != ChecksummedFileFormat.HeaderLength + bodyLength)
        {
            throw new InvalidOperationException(
                $"The {kind.Name} changed while it was being saved ({bodyLength} body bytes measured, {writer.Length - ChecksummedFileFormat.HeaderLength} written); do not change the network on another thread while saving it.");
        }

        writer.WriteChecksum();
    }

    /// <summary>Reads one file of <paramref name="kind"/> from the current position of <paramref name="stream"/>, checks its header, length and checksum, and returns a reader over its body.</summary>
    /// <param name="stream">The source; left just after the file's last byte.</param>
    /// <param name="path">The file's path for messages, or <see langword="null"/> for a stream.</param>
    /// <param name="kind">The kind expected.</param>
    /// <param name="wholeStream">Whether bytes after the file's end are an error (true for a file on disk).</param>
    /// <exception cref="IOException">The kind's exception: the data is not a valid file of this kind.</exception>
    public static BinaryFileReader Open(Stream stream, string? path, BinaryFileKind kind, bool wholeStream)
    {
        const int headerLength = ChecksummedFileFormat.HeaderLength;
        const int minimumLength = headerLength + ChecksummedFileFormat.TrailerLength;

        Span<byte> header = stackalloc byte[headerLength];
        int got = stream.ReadAtLeast(header, headerLength, throwOnEndOfStream: false);
        CheckMagic(header[..got], path, kind);
        if (got < headerLength)
        {
            throw kind.Error(path, got, $"it is truncated: it ends after {got} bytes, inside the {headerLength}-byte header.");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (version == 0)
        {
            throw kind.Error(path, 8, "its format version is 0, which no NeuralNet writes.");
        }

        if (version > kind.Version)
        {
            throw kind.Error(
                path,
                8,
                $"it was written in format version {version} by a newer NeuralNet, and this version reads format {kind.Version} and older; update the NeuralNet package to load it.");
        }

        if (version < kind.OldestVersion)
        {
            throw kind.Error(
                path,
                8,
                $"it was written in format version {version} by an older NeuralNet, and this version reads {kind.Name} files of format {kind.OldestVersion} to {kind.Version}; use the NeuralNet version that wrote it, or start anew.");
        }

        ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(header[16..]);
        if (declared < minimumLength || declared > (ulong)Array.MaxLength)
        {
            throw kind.Error(path, 16, $"its header declares a length of {declared} bytes, outside the [{minimumLength}, {Array.MaxLength}] a {kind.Name} file can have.");
        }

        int length = (int)declared;
        if (stream.CanSeek)
        {
            long available = headerLength + stream.Length - stream.Position;
            if (available < length)
            {
                throw kind.Error(path, available, $"it is truncated: the header declares {length} bytes but only {available} are there.");
            }

            if (wholeStream && available > length)
            {
                throw kind.Error(path, length, $"{available - length} unexpected bytes follow the end of the {kind.Name}, which the header puts at byte {length}.");
            }
        }

        byte[] buffer = ReadRest(stream, header, length, path, kind);
        try
        {
            Verify(buffer, length, path, kind);
            return new BinaryFileReader(kind, path, buffer, headerLength, length - ChecksummedFileFormat.TrailerLength)
            {
                Flags = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(12)),
            };
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static void CheckMagic(ReadOnlySpan<byte> start, string? path, BinaryFileKind kind)
    {
        int n = Math.Min(start.Length, kind.Magic.Length);
        if (start[..n].SequenceEqual(kind.Magic[..n]))
        {
            if (n == kind.Magic.Length)
            {
                return;
            }

            throw n == 0
                ? kind.Error(path, 0, $"it is empty (0 bytes); a {kind.Name} file starts with a {ChecksummedFileFormat.HeaderLength}-byte header.")
                : kind.Error(path, n, $"it is truncated: it ends after {n} bytes, inside the {ChecksummedFileFormat.HeaderLength}-byte header.");
        }

        foreach ((byte[] Magic, string Name, string LoadHint) other in kind.Others)
        {
            if (n == other.Magic.Length && start[..n].SequenceEqual(other.Magic))
            {
                throw kind.Error(path, 0, $"it is a NeuralNet {other.Name} file, not a {kind.Name} file; load it with {other.LoadHint}.");
            }
        }

        throw kind.Error(
            path,
            0,
            $"it does not start with the {kind.Name} file signature {Convert.ToHexString(kind.Magic)} but with {Convert.ToHexString(start[..n])}: it is not a NeuralNet {kind.Name} file.");
    }

    private static byte[] ReadRest(Stream stream, ReadOnlySpan<byte> header, int length, string? path, BinaryFileKind kind)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(stream.CanSeek ? length : Math.Min(length, FirstChunk));
        header.CopyTo(buffer);
        int filled = header.Length;
        try
        {
            while (filled < length)
            {
                if (filled == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(length, 2L * buffer.Length));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = stream.Read(buffer, filled, Math.Min(buffer.Length, length) - filled);
                if (read == 0)
                {
                    throw kind.Error(path, filled, $"it is truncated: the header declares {length} bytes but the data ends after {filled}.");
                }

                filled += read;
            }

            return buffer;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static void Verify(byte[] buffer, int length, string? path, BinaryFileKind kind)
    {
        int checksumOffset = length - ChecksummedFileFormat.TrailerLength;
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(checksumOffset));
        uint computed = Crc32C.Compute(buffer.AsSpan(0, checksumOffset));
        if (stored != computed)
        {
            throw kind.Error(
                path,
                checksumOffset,
                $"its checksum does not match its content (stored 0x{stored:X8}, computed 0x{computed:X8}): the file is damaged, for example by an incomplete copy or a disk error.");
        }

        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(12));
        if ((flags & ~kind.KnownFlags) != 0)
        {
            throw kind.Error(path, 12, $"it sets format flags 0x{flags:X8}, which this version does not know.");
        }
    }
}
