using System.Buffers.Binary;
using System.IO.Compression;

namespace NeuralNet.Tests.Data;

/// <summary>Builds IDX files byte by byte, so tests can write well-formed and deliberately broken ones.</summary>
internal static class IdxBytes
{
    /// <summary>The magic number (0, 0, type, rank), the big-endian sizes, then <paramref name="data"/> as is.</summary>
    public static byte[] Build(byte type, uint[] dimensions, ReadOnlySpan<byte> data)
    {
        byte[] bytes = new byte[4 + (4 * dimensions.Length) + data.Length];
        bytes[2] = type;
        bytes[3] = (byte)dimensions.Length;
        for (int i = 0; i < dimensions.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + (4 * i)), dimensions[i]);
        }

        data.CopyTo(bytes.AsSpan(4 + (4 * dimensions.Length)));
        return bytes;
    }

    /// <summary>Unsigned-byte IDX content with the given sizes and data.</summary>
    public static byte[] Bytes(uint[] dimensions, ReadOnlySpan<byte> data) => Build(0x08, dimensions, data);

    /// <summary>Sequential pixels 0, 1, 2, … (mod 256) for <paramref name="count"/> values.</summary>
    public static byte[] Ramp(int count) => Enumerable.Range(0, count).Select(i => (byte)i).ToArray();

    /// <summary>Gzips <paramref name="content"/>.</summary>
    public static byte[] Gzip(ReadOnlySpan<byte> content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }
}
