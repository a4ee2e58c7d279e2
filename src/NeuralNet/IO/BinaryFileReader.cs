using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace NeuralNet.IO;

/// <summary>Reads little-endian values from the body of a file already read into memory and checked, refusing to read past its end.</summary>
/// <remarks>
/// Every read checks the bytes left first, and every array is sized only after the bytes it needs are known to be
/// there, so a damaged or hostile file can never make the loader allocate more than the file's own length.
/// Errors carry the file's path, the byte offset and what was being read.
/// </remarks>
internal sealed class BinaryFileReader : IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly BinaryFileKind _kind;
    private readonly int _end;
    private byte[] _buffer;

    /// <summary>Takes ownership of a pooled <paramref name="buffer"/> whose body runs from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public BinaryFileReader(BinaryFileKind kind, string? path, byte[] buffer, int start, int end)
    {
        _kind = kind;
        Path = path;
        _buffer = buffer;
        Offset = start;
        _end = end;
    }

    /// <summary>The header's flags: which optional parts the body holds.</summary>
    public uint Flags { get; init; }

    /// <summary>The file's path, or <see langword="null"/> for a stream.</summary>
    public string? Path { get; }

    /// <summary>The offset of the next byte to read, from the start of the file.</summary>
    public int Offset { get; private set; }

    /// <summary>The body bytes not read yet.</summary>
    public int Remaining => _end - Offset;

    /// <summary>Creates the file kind's exception for a problem at <paramref name="offset"/>.</summary>
    public IOException Error(long offset, string reason, Exception? inner = null) => _kind.Error(Path, offset, reason, inner);

    /// <summary>Reads a 16-bit unsigned integer.</summary>
    public ushort ReadUInt16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, what));

    /// <summary>Reads a 32-bit unsigned integer.</summary>
    public uint ReadUInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

    /// <summary>Reads a 64-bit unsigned integer.</summary>
    public ulong ReadUInt64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));

    /// <summary>Reads a 32-bit float.</summary>
    public float ReadSingle(string what) => BinaryPrimitives.ReadSingleLittleEndian(Take(4, what));

    /// <summary>Reads a 64-bit float.</summary>
    public double ReadDouble(string what) => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, what));

    /// <summary>Reads a size or count that must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int ReadCount(string what, int min = 0, int max = int.MaxValue)
    {
        int offset = Offset;
        uint value = ReadUInt32(what);
        if (value < (uint)min || value > (uint)max)
        {
            throw Error(offset, $"{what} is {value}, outside the range [{min}, {max}] it must lie in.");
        }

        return (int)value;
    }

    /// <summary>Reads a 64-bit count (steps, iterations, samples) that must lie in [0, <see cref="long.MaxValue"/>]: a value no writer can produce is the file's error, not an overflow.</summary>
    public long ReadLongCount(string what)
    {
        int offset = Offset;
        ulong value = ReadUInt64(what);
        if (value > long.MaxValue)
        {
            throw Error(offset, $"{what} is {value}, outside the range [0, {long.MaxValue}] it must lie in.");
        }

        return (long)value;
    }

    /// <summary>Reads a string written as its UTF-8 byte count (16 bits) and bytes.</summary>
    public string ReadString(string what)
    {
        int offset = Offset;
        int byteCount = ReadUInt16(what);
        if (byteCount > ChecksummedFileFormat.MaxStringBytes)
        {
            throw Error(offset, $"{what} declares {byteCount} bytes; names hold at most {ChecksummedFileFormat.MaxStringBytes}.");
        }

        ReadOnlySpan<byte> bytes = Take(byteCount, what);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw Error(offset + 2, $"{what} is not valid UTF-8.", ex);
        }
    }

    /// <summary>Fills <paramref name="destination"/> with float32 values, bit for bit.</summary>
    public void ReadSingles(Span<float> destination, string what)
    {
        ReadOnlySpan<byte> bytes = Take(checked(destination.Length * sizeof(float)), what);
        bytes.CopyTo(MemoryMarshal.AsBytes(destination));
        if (!BitConverter.IsLittleEndian)
        {
            Span<uint> words = MemoryMarshal.Cast<float, uint>(destination);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
    }

    /// <summary>Reads <paramref name="count"/> float32 values into a new array, after checking that the file holds them.</summary>
    public float[] ReadSingleArray(int count, string what)
    {
        RequireBytes((long)count * sizeof(float), what);
        var values = new float[count];
        ReadSingles(values, what);
        return values;
    }

    /// <summary>Throws unless at least <paramref name="byteCount"/> bytes remain: call before allocating for them.</summary>
    public void RequireBytes(long byteCount, string what)
    {
        if (byteCount > Remaining)
        {
            throw Error(Offset, $"{what}: {byteCount} bytes needed but only {Remaining} remain before the checksum; the sizes in the file do not fit together.");
        }
    }

    /// <summary>Throws unless every body byte has been read.</summary>
    public void RequireEnd(string what)
    {
        if (Remaining != 0)
        {
            throw Error(Offset, $"{Remaining} bytes follow {what} where the checksum should be; the sizes in the file do not fit together.");
        }
    }

    /// <summary>Returns the pooled buffer.</summary>
    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private ReadOnlySpan<byte> Take(int byteCount, string what)
    {
        RequireBytes(byteCount, what);
        ReadOnlySpan<byte> bytes = _buffer.AsSpan(Offset, byteCount);
        Offset += byteCount;
        return bytes;
    }
}
