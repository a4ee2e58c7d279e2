using System.Buffers.Binary;
using System.IO.Compression;
using NeuralNet.IO;
using NeuralNet.Serialization;

namespace NeuralNet.Data;

/// <summary>Writes IDX files, raw or gzipped: the inverse of <see cref="IdxReader"/>, for tests, conversions and new datasets.</summary>
/// <remarks>The file is written under a temporary name beside <c>path</c> and renamed when complete, so a reader never sees half a file.</remarks>
public static class IdxWriter
{
    /// <summary>Writes unsigned bytes (type 0x08, as MNIST's images and labels).</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="dimensions">The size of each dimension (1 to 255 of them); their product must equal the number of values.</param>
    /// <param name="values">The elements in row-major order (the last dimension varies fastest).</param>
    /// <param name="gzip">Whether to gzip the file.</param>
    /// <exception cref="ArgumentException">The dimensions are empty, more than 255, negative, or do not match the number of values.</exception>
    public static void Write(string path, ReadOnlySpan<int> dimensions, ReadOnlySpan<byte> values, bool gzip = false) =>
        Write(path, IdxDataType.UnsignedByte, dimensions, values, values.Length, gzip);

    /// <summary>Writes signed bytes (type 0x09).</summary>
    /// <inheritdoc cref="Write(string, ReadOnlySpan{int}, ReadOnlySpan{byte}, bool)" path="/param"/>
    /// <exception cref="ArgumentException">The dimensions are empty, more than 255, negative, or do not match the number of values.</exception>
    public static void Write(string path, ReadOnlySpan<int> dimensions, ReadOnlySpan<sbyte> values, bool gzip = false) =>
        Write(path, IdxDataType.SignedByte, dimensions, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values), values.Length, gzip);

    /// <summary>Writes 16-bit integers (type 0x0B), big-endian.</summary>
    /// <inheritdoc cref="Write(string, ReadOnlySpan{int}, ReadOnlySpan{byte}, bool)" path="/param"/>
    /// <exception cref="ArgumentException">The dimensions are empty, more than 255, negative, or do not match the number of values.</exception>
    public static void Write(string path, ReadOnlySpan<int> dimensions, ReadOnlySpan<short> values, bool gzip = false)
    {
        byte[] data = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(2 * i), values[i]);
        }

        Write(path, IdxDataType.Int16, dimensions, data, values.Length, gzip);
    }

    /// <summary>Writes 32-bit integers (type 0x0C), big-endian.</summary>
    /// <inheritdoc cref="Write(string, ReadOnlySpan{int}, ReadOnlySpan{byte}, bool)" path="/param"/>
    /// <exception cref="ArgumentException">The dimensions are empty, more than 255, negative, or do not match the number of values.</exception>
    public static void Write(string path, ReadOnlySpan<int> dimensions, ReadOnlySpan<int> values, bool gzip = false)
    {
        byte[] data = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4 * i), values[i]);
        }

        Write(path, IdxDataType.Int32, dimensions, data, values.Length, gzip);
    }

    /// <summary>Writes 32-bit floats (type 0x0D), big-endian.</summary>
    /// <inheritdoc cref="Write(string, ReadOnlySpan{int}, ReadOnlySpan{byte}, bool)" path="/param"/>
    /// <exception cref="ArgumentException">The dimensions are empty, more than 255, negative, or do not match the number of values.</exception>
    public static void Write(string path, ReadOnlySpan<int> dimensions, ReadOnlySpan<float> values, bool gzip = false)
    {
        byte[] data = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleBigEndian(data.AsSpan(4 * i), values[i]);
        }

        Write(path, IdxDataType.Single, dimensions, data, values.Length, gzip);
    }

    /// <summary>Writes 64-bit floats (type 0x0E), big-endian.</summary>
    /// <inheritdoc cref="Write(string, ReadOnlySpan{int}, ReadOnlySpan{byte}, bool)" path="/param"/>
    /// <exception cref="ArgumentException">The dimensions are empty, more than 255, negative, or do not match the number of values.</exception>
    public static void Write(string path, ReadOnlySpan<int> dimensions, ReadOnlySpan<double> values, bool gzip = false)
    {
        byte[] data = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleBigEndian(data.AsSpan(8 * i), values[i]);
        }

        Write(path, IdxDataType.Double, dimensions, data, values.Length, gzip);
    }

    private static void Write(string path, IdxDataType type, ReadOnlySpan<int> dimensions, ReadOnlySpan<byte> data, int count, bool gzip)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (dimensions.Length is 0 or > 255)
        {
            throw new ArgumentException($"An IDX file has 1 to 255 dimensions; got {dimensions.Length}.", nameof(dimensions));
        }

        long product = 1;
        foreach (int size in dimensions)
        {
            if (size < 0)
            {
                throw new ArgumentException($"IDX dimensions cannot be negative; got {IdxHeader.FormatDimensions(dimensions.ToArray())}.", nameof(dimensions));
            }

            product *= size;
        }

        if (product != count)
        {
            throw new ArgumentException($"The dimensions {IdxHeader.FormatDimensions(dimensions.ToArray())} hold {product} values but {count} were given.", nameof(dimensions));
        }

        byte[] header = new byte[4 + (4 * dimensions.Length)];
        header[2] = (byte)type;
        header[3] = (byte)dimensions.Length;
        for (int i = 0; i < dimensions.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + (4 * i)), dimensions[i]);
        }

        using var file = AtomicFile.Begin(path, "the IDX file");
        if (gzip)
        {
            using var compressed = new GZipStream(file.Stream, CompressionLevel.Optimal, leaveOpen: true);
            compressed.Write(header);
            compressed.Write(data);
        }
        else
        {
            file.Stream.Write(header);
            file.Stream.Write(data);
        }

        file.Commit();
    }
}
