using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace NeuralNet.IO;

/// <summary>Writes little-endian values to a stream and keeps the CRC-32C of everything written; or, without a stream, only counts bytes.</summary>
/// <remarks>
/// Small values gather in a pooled 64 KB buffer; large float arrays go from the parameters' own storage straight to the
/// stream (on little-endian machines), so a save copies each parameter once. The counting form runs the same encoder
/// first, which both sizes the file (its length is in the header) and rejects what cannot be saved before a byte is written.
/// </remarks>
internal sealed class BinaryFileWriter : IDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly Stream? _stream;
    private byte[] _buffer;
    private int _count;
    private readonly System.IO.Hashing.Crc32 _crc = Crc32C.Start();

    private BinaryFileWriter(Stream? stream)
    {
        _stream = stream;
        _buffer = stream is null ? [] : ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    /// <summary>The number of bytes written so far.</summary>
    public long Length { get; private set; }

    /// <summary>Creates a writer to <paramref name="stream"/>.</summary>
    public static BinaryFileWriter To(Stream stream) => new(stream);

    /// <summary>Creates a writer that only counts.</summary>
    public static BinaryFileWriter Counting() => new(null);

    /// <summary>Writes raw bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Length += bytes.Length;
        if (_stream is null)
        {
            return;
        }

        if (bytes.Length <= _buffer.Length - _count)
        {
            bytes.CopyTo(_buffer.AsSpan(_count));
            _count += bytes.Length;
            return;
        }

        Flush();
        _crc.Append(bytes);
        _stream.Write(bytes);
    }

    /// <summary>Writes a 16-bit unsigned integer.</summary>
    public void WriteUInt16(ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        WriteBytes(bytes);
    }

    /// <summary>Writes a 32-bit unsigned integer.</summary>
    public void WriteUInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        WriteBytes(bytes);
    }

    /// <summary>Writes a 32-bit integer that must not be negative (a size or a count).</summary>
    public void WriteCount(int value) => WriteUInt32(checked((uint)value));

    /// <summary>Writes a 64-bit unsigned integer.</summary>
    public void WriteUInt64(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        WriteBytes(bytes);
    }

    /// <summary>Writes a 32-bit float, bit for bit.</summary>
    public void WriteSingle(float value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        WriteBytes(bytes);
    }

    /// <summary>Writes a 64-bit float, bit for bit.</summary>
    public void WriteDouble(double value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        WriteBytes(bytes);
    }

    /// <summary>Writes a string as its UTF-8 byte count (16 bits) and bytes.</summary>
    /// <exception cref="NotSupportedException">The string is longer than <see cref="ChecksummedFileFormat.MaxStringBytes"/> bytes.</exception>
    public void WriteString(string value)
    {
        int byteCount = Encoding.UTF8.GetByteCount(value);
        if (byteCount > ChecksummedFileFormat.MaxStringBytes)
        {
            throw new NotSupportedException(
                $"The name '{value[..Math.Min(value.Length, 40)]}...' takes {byteCount} UTF-8 bytes; model files hold names of up to {ChecksummedFileFormat.MaxStringBytes}.");
        }

        WriteUInt16((ushort)byteCount);
        Span<byte> bytes = stackalloc byte[byteCount];
        Encoding.UTF8.GetBytes(value, bytes);
        WriteBytes(bytes);
    }

    /// <summary>The number of bytes <see cref="WriteString"/> takes for <paramref name="value"/>.</summary>
    public static int StringLength(string value) => 2 + Encoding.UTF8.GetByteCount(value);

    /// <summary>Writes float32 values, little-endian, bit for bit.</summary>
    public void WriteSingles(ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian || _stream is null)
        {
            WriteBytes(MemoryMarshal.AsBytes(values));
            return;
        }

        foreach (float value in values)
        {
            WriteSingle(value);
        }
    }

    /// <summary>Writes the CRC-32C of everything written so far (not itself counted in it) and pushes all bytes to the stream.</summary>
    public void WriteChecksum()
    {
        Flush();
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, _crc.GetCurrentHashAsUInt32());
        Length += bytes.Length;
        _stream?.Write(bytes);
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

    private void Flush()
    {
        if (_stream is null || _count == 0)
        {
            return;
        }

        ReadOnlySpan<byte> pending = _buffer.AsSpan(0, _count);
        _crc.Append(pending);
        _stream.Write(pending);
        _count = 0;
    }
}
