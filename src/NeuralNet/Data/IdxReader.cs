using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace NeuralNet.Data;

/// <summary>Reads IDX files (the format of MNIST and Fashion-MNIST), raw or gzipped, validating every header field against the file.</summary>
/// <remarks>
/// <para>Gzip is recognised by the content's first two bytes (0x1F 0x8B), not by the file name. Every element type of
/// the format is read (<see cref="IdxDataType"/>); multi-byte elements are big-endian.</para>
/// <para>The dimensions are checked for overflow and against the file's length before anything is allocated, so a
/// corrupt header cannot ask for gigabytes. Files are opened read-only and never modified.</para>
/// </remarks>
public static class IdxReader
{
    private const string Expected = "an IDX file";

    /// <summary>Reads and validates the header of an IDX file.</summary>
    /// <exception cref="InvalidDatasetFileException">The file is not a well-formed IDX file, or its length does not match its dimensions.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IdxHeader ReadHeader(string path)
    {
        using Stream stream = DatasetFile.Open(path, Expected, out bool gzipped, out long fileLength);
        return ReadHeader(stream, path, gzipped, fileLength);
    }

    /// <summary>Reads an IDX file of samples into a matrix with one sample per column.</summary>
    /// <remarks>
    /// The first dimension counts the samples; the product of the others is the number of features, so MNIST's
    /// 60000 × 28 × 28 images become a 784 × 60000 matrix whose column j is image j, row by row.
    /// Each value becomes <c>x·scale + shift</c> of <paramref name="scaling"/>.
    /// </remarks>
    /// <param name="path">The IDX file, raw or gzipped.</param>
    /// <param name="scaling">Applied to every value as it is read; default <see cref="InputScaling.None"/> (raw values).</param>
    /// <exception cref="InvalidDatasetFileException">The file is not a well-formed IDX file with at least two dimensions, holds a value that is not finite, or is too large for one matrix.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException"><paramref name="scaling"/> is per feature for another number of features.</exception>
    public static Matrix<float> ReadSamples(string path, InputScaling? scaling = null)
    {
        scaling ??= InputScaling.None;
        using Stream stream = DatasetFile.Open(path, Expected, out bool gzipped, out long fileLength);
        IdxHeader header = ReadHeader(stream, path, gzipped, fileLength);
        if (header.Dimensions.Count < 2)
        {
            throw new InvalidDatasetFileException(
                path,
                $"expected samples with at least 2 dimensions (such as magic 0x00000803 for images: count x rows x columns) but found magic 0x{header.Magic:X8} with 1 dimension ({header}): is this a labels file?",
                offset: 0);
        }

        int count = header.Dimensions[0];
        long features = header.ElementCount / Math.Max(count, 1);
        if (count == 0 || features == 0)
        {
            throw new InvalidDatasetFileException(path, $"the dimensions {IdxHeader.FormatDimensions(header.Dimensions)} hold no values; expected at least one sample with at least one feature.", offset: 4);
        }

        if (header.ElementCount > Array.MaxLength)
        {
            throw new InvalidDatasetFileException(
                path,
                $"the dimensions {IdxHeader.FormatDimensions(header.Dimensions)} hold {header.ElementCount} values but one matrix holds at most {Array.MaxLength}.",
                offset: 4);
        }

        scaling.CheckFeatures((int)features);
        bool global = scaling.Scale.Length == 1;
        float[] values = GC.AllocateUninitializedArray<float>((int)header.ElementCount);
        ReadData(stream, header, path, values, global ? scaling.Scale[0] : 1f, global ? scaling.Shift[0] : 0f, features);
        RequireEnd(stream, header, path);
        Matrix<float> matrix = Matrix<float>.Build.Dense((int)features, count, values);
        if (!global)
        {
            scaling.Apply(matrix, matrix);
        }

        return matrix;
    }

    /// <summary>Reads an IDX file of class labels (one dimension, integer elements).</summary>
    /// <param name="path">The IDX file, raw or gzipped.</param>
    /// <param name="classCount">When given, every label must be in [0, classCount); otherwise labels need only be non-negative.</param>
    /// <exception cref="InvalidDatasetFileException">The file is not a well-formed IDX file with one dimension of integers, or a label is negative or outside the classes.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is not positive.</exception>
    public static int[] ReadLabels(string path, int? classCount = null)
    {
        if (classCount is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "The class count must be positive.");
        }

        using Stream stream = DatasetFile.Open(path, Expected, out bool gzipped, out long fileLength);
        IdxHeader header = ReadHeader(stream, path, gzipped, fileLength);
        if (header.Dimensions.Count != 1)
        {
            throw new InvalidDatasetFileException(
                path,
                $"expected labels with 1 dimension (such as magic 0x00000801) but found magic 0x{header.Magic:X8} with {header.Dimensions.Count} dimensions ({header}): is this an images file?",
                offset: 0);
        }

        if (header.DataType is IdxDataType.Single or IdxDataType.Double)
        {
            throw new InvalidDatasetFileException(
                path,
                $"labels must be integers but the type code is 0x{(byte)header.DataType:X2} ({IdxHeader.TypeName(header.DataType)}); expected 0x08 (unsigned byte), 0x09, 0x0B or 0x0C.",
                offset: 2);
        }

        if (header.ElementCount == 0)
        {
            throw new InvalidDatasetFileException(path, "the file holds no labels (its dimension is 0); expected at least one.", offset: 4);
        }

        int[] labels = new int[header.ElementCount];
        int size = header.ElementSize;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(DatasetFile.ChunkSize);
        try
        {
            long done = 0;
            while (done < header.DataLength)
            {
                int want = (int)Math.Min(DatasetFile.ChunkSize, header.DataLength - done);
                Span<byte> chunk = buffer.AsSpan(0, want);
                int read = DatasetFile.Fill(stream, chunk, path, header.HeaderLength + done);
                if (read < want)
                {
                    throw Truncated(path, header, done + read);
                }

                int first = (int)(done / size);
                for (int k = 0; k < want / size; k++)
                {
                    ReadOnlySpan<byte> bytes = chunk.Slice(k * size, size);
                    int label = header.DataType switch
                    {
                        IdxDataType.UnsignedByte => bytes[0],
                        IdxDataType.SignedByte => (sbyte)bytes[0],
                        IdxDataType.Int16 => BinaryPrimitives.ReadInt16BigEndian(bytes),
                        _ => BinaryPrimitives.ReadInt32BigEndian(bytes),
                    };
                    int record = first + k;
                    if (label < 0 || label >= classCount)
                    {
                        string expected = classCount is null ? "a class index (0 or more)" : $"one of the {classCount} classes [0, {classCount - 1}]";
                        throw new InvalidDatasetFileException(
                            path,
                            $"label {label.ToString(CultureInfo.InvariantCulture)} is outside the class range; expected {expected}.",
                            offset: header.HeaderLength + ((long)record * size),
                            record: record);
                    }

                    labels[record] = label;
                }

                done += want;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        RequireEnd(stream, header, path);
        return labels;
    }

    internal static IdxHeader ReadHeader(Stream stream, string path, bool gzipped, long fileLength)
    {
        Span<byte> magic = stackalloc byte[4];
        int read = DatasetFile.Fill(stream, magic, path, 0);
        if (read < 4)
        {
            throw new InvalidDatasetFileException(path, $"the file ends after {read} bytes, inside the 4-byte IDX magic number.", offset: read);
        }

        uint magicNumber = BinaryPrimitives.ReadUInt32BigEndian(magic);
        if (magic[0] != 0 || magic[1] != 0)
        {
            throw new InvalidDatasetFileException(
                path,
                $"expected an IDX magic number (0x00 0x00, a type code, the number of dimensions, such as 0x00000803 for images) but found 0x{magicNumber:X8}{Guess(magic)}.",
                offset: 0);
        }

        var type = (IdxDataType)magic[2];
        if (!Enum.IsDefined(type))
        {
            throw new InvalidDatasetFileException(
                path,
                $"unknown IDX type code 0x{magic[2]:X2} in magic 0x{magicNumber:X8}; expected 0x08 (unsigned byte), 0x09 (signed byte), 0x0B (int16), 0x0C (int32), 0x0D (float32) or 0x0E (float64).",
                offset: 2);
        }

        int rank = magic[3];
        if (rank == 0)
        {
            throw new InvalidDatasetFileException(path, $"the magic 0x{magicNumber:X8} declares 0 dimensions; expected at least 1.", offset: 3);
        }

        Span<byte> sizes = stackalloc byte[4 * rank];
        read = DatasetFile.Fill(stream, sizes, path, 4);
        if (read < sizes.Length)
        {
            throw new InvalidDatasetFileException(
                path,
                $"the file ends inside the header: {rank} dimensions need {sizes.Length} bytes after the magic number but only {read} follow.",
                offset: 4 + read);
        }

        int[] dimensions = new int[rank];
        long count = 1;
        bool overflow = false;
        for (int i = 0; i < rank; i++)
        {
            dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(sizes[(4 * i)..]);
            if (dimensions[i] < 0)
            {
                throw new InvalidDatasetFileException(
                    path,
                    $"dimension {i} is {BinaryPrimitives.ReadUInt32BigEndian(sizes[(4 * i)..])}, more than the largest supported size {int.MaxValue}.",
                    offset: 4 + (4 * i));
            }

            overflow |= dimensions[i] != 0 && count > long.MaxValue / 8 / dimensions[i];
            count = overflow ? count : count * dimensions[i];
        }

        string shape = IdxHeader.FormatDimensions(dimensions);
        if (overflow)
        {
            throw new InvalidDatasetFileException(path, $"the dimensions {shape} overflow: their product does not fit in 64 bits.", offset: 4);
        }

        var header = new IdxHeader(type, dimensions, gzipped, count);
        long expectedLength = header.HeaderLength + header.DataLength;
        if (!gzipped && fileLength < expectedLength)
        {
            throw new InvalidDatasetFileException(
                path,
                $"the file is truncated: {shape} {IdxHeader.TypeName(type)} elements need {header.DataLength} bytes after the {header.HeaderLength}-byte header ({expectedLength} in all) but the file has {fileLength}.",
                offset: fileLength);
        }

        if (!gzipped && fileLength > expectedLength)
        {
            throw new InvalidDatasetFileException(
                path,
                $"{fileLength - expectedLength} trailing bytes: {shape} {IdxHeader.TypeName(type)} elements and the header make {expectedLength} bytes but the file has {fileLength}.",
                offset: expectedLength);
        }

        if (gzipped && header.DataLength > (fileLength * DatasetFile.MaxGzipRatio))
        {
            throw new InvalidDatasetFileException(
                path,
                $"the dimensions {shape} need {header.DataLength} bytes of data but a gzip file of {fileLength} bytes cannot hold more than {fileLength * DatasetFile.MaxGzipRatio}: the header is corrupt or the file truncated.",
                offset: 4);
        }

        return header;
    }

    private static void ReadData(Stream stream, IdxHeader header, string path, Span<float> values, float scale, float shift, long recordLength)
    {
        int size = header.ElementSize;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(DatasetFile.ChunkSize);
        try
        {
            long done = 0;
            while (done < header.DataLength)
            {
                int want = (int)Math.Min(DatasetFile.ChunkSize, header.DataLength - done);
                Span<byte> chunk = buffer.AsSpan(0, want);
                int read = DatasetFile.Fill(stream, chunk, path, header.HeaderLength + done);
                if (read < want)
                {
                    throw Truncated(path, header, done + read);
                }

                int first = (int)(done / size);
                Span<float> destination = values.Slice(first, want / size);
                if (header.DataType == IdxDataType.UnsignedByte)
                {
                    ByteConversion.ToSingle(chunk, destination, scale, shift);
                }
                else
                {
                    Convert(chunk, destination, header.DataType, scale, shift, path, header.HeaderLength + done, first, recordLength);
                }

                done += want;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Convert(ReadOnlySpan<byte> chunk, Span<float> destination, IdxDataType type, float scale, float shift, string path, long offset, long firstElement, long recordLength)
    {
        int size = IdxHeader.ElementSizeOf(type);
        for (int k = 0; k < destination.Length; k++)
        {
            ReadOnlySpan<byte> bytes = chunk.Slice(k * size, size);
            double value = type switch
            {
                IdxDataType.SignedByte => (sbyte)bytes[0],
                IdxDataType.Int16 => BinaryPrimitives.ReadInt16BigEndian(bytes),
                IdxDataType.Int32 => BinaryPrimitives.ReadInt32BigEndian(bytes),
                IdxDataType.Single => BinaryPrimitives.ReadSingleBigEndian(bytes),
                _ => BinaryPrimitives.ReadDoubleBigEndian(bytes),
            };
            float scaled = ((float)value * scale) + shift;
            if (!float.IsFinite(scaled))
            {
                throw new InvalidDatasetFileException(
                    path,
                    $"value {value.ToString(CultureInfo.InvariantCulture)} (feature {(firstElement + k) % recordLength}) is not a finite float32; expected finite values.",
                    offset: offset + ((long)k * size),
                    record: (firstElement + k) / recordLength);
            }

            destination[k] = scaled;
        }
    }

    private static void RequireEnd(Stream stream, IdxHeader header, string path)
    {
        // Raw files were measured against the header already; a gzip's length is only known once it is decompressed.
        long end = header.HeaderLength + header.DataLength;
        long extra = DatasetFile.CountRemaining(stream, path, end);
        if (extra > 0)
        {
            throw new InvalidDatasetFileException(
                path,
                $"{extra} trailing bytes: the header and the {IdxHeader.FormatDimensions(header.Dimensions)} {IdxHeader.TypeName(header.DataType)} elements make {end} bytes but the {(header.IsGzipped ? "decompressed content" : "file")} has {end + extra}.",
                offset: end);
        }
    }

    private static InvalidDatasetFileException Truncated(string path, IdxHeader header, long dataRead) =>
        new(
            path,
            $"the file is truncated: {IdxHeader.FormatDimensions(header.Dimensions)} {IdxHeader.TypeName(header.DataType)} elements need {header.DataLength} bytes of data but the {(header.IsGzipped ? "decompressed content" : "file")} ends after {dataRead}.",
            offset: header.HeaderLength + dataRead,
            record: header.Dimensions[0] == 0 ? null : dataRead / Math.Max(1, header.DataLength / header.Dimensions[0]));

    private static string Guess(ReadOnlySpan<byte> magic) => magic switch
    {
        [(byte)'P', (byte)'K', ..] => ": this is a zip archive, extract it first",
        _ when magic.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0 => $" (text \"{System.Text.Encoding.ASCII.GetString(magic)}\"): is this a CSV file?",
        _ => "",
    };
}
