// Over 250 lines: the three public reads (header, samples, labels) share the header validation, the bounded (gzip) stream and the truncation messages.
using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using NeuralNet.Preprocessing;

namespace NeuralNet.Data;

/// <summary>Reads IDX files (the format of MNIST and Fashion-MNIST), raw or gzipped, validating every header field against the file.</summary>
/// <remarks>
/// <para>Gzip is recognised by the content's first two bytes (0x1F 0x8B), not by the file name. Every element type of
/// the format is read (<see cref="IdxDataType"/>); multi-byte elements are big-endian.</para>
/// <para>The dimensions are checked for overflow, against one array's and the machine's memory, and against the file's
/// length before anything is allocated, so a corrupt header cannot ask for gigabytes: a raw file must have exactly the
/// length its header implies, and a gzip file whose trailer does not record the claimed length (or whose claim exceeds
/// 16 times its compressed size) is decompressed and measured once before the matrix is allocated. Files are opened
/// read-only and never modified; directories, pipes and devices are refused before they are opened.</para>
/// <para>The <see cref="Stream"/> overloads read content from memory or any seekable stream (a fuzzer's entry point).</para>
/// </remarks>
public static class IdxReader
{
    private const string Expected = "an IDX file";

    /// <summary>A gzip file's header is trusted without measuring its content only up to this many times the compressed size.</summary>
    private const long TrustedGzipRatio = 16;

    /// <summary>Trailing bytes are counted up to this many: past it the message says "more than".</summary>
    private const long MaxTrailingCount = 1 << 20;

    /// <summary>Reads and validates the header of an IDX file.</summary>
    /// <exception cref="InvalidDatasetFileException">The file is not a well-formed IDX file, or its length does not match its dimensions.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IdxHeader ReadHeader(string path) => ReadHeader(DatasetSource.FromFile(path));

    /// <summary>Reads and validates the header of IDX content in a seekable stream (raw or gzipped), from its current position.</summary>
    /// <param name="stream">The content; left open.</param>
    /// <param name="name">What to call the stream in messages; default "the stream".</param>
    /// <exception cref="InvalidDatasetFileException">The content is not a well-formed IDX file.</exception>
    /// <exception cref="ArgumentException">The stream cannot read or seek.</exception>
    public static IdxHeader ReadHeader(Stream stream, string? name = null) => ReadHeader(DatasetSource.FromStream(stream, name));

    internal static IdxHeader ReadHeader(DatasetSource source)
    {
        using Stream stream = DatasetFile.Open(source, Expected, out bool gzipped, out long fileLength);
        return IdxHeader.Read(stream, source.Name, gzipped, fileLength);
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
    public static Matrix<float> ReadSamples(string path, InputScaling? scaling = null) => ReadSamples(DatasetSource.FromFile(path), scaling);

    /// <summary>Reads IDX samples from a seekable stream (raw or gzipped), from its current position; see <see cref="ReadSamples(string, InputScaling?)"/>.</summary>
    /// <param name="stream">The content; left open. It is read twice when gzipped and its header has to be checked against the content first.</param>
    /// <param name="scaling">Applied to every value as it is read; default <see cref="InputScaling.None"/>.</param>
    /// <param name="name">What to call the stream in messages; default "the stream".</param>
    /// <exception cref="InvalidDatasetFileException">The content is not a well-formed IDX file of samples.</exception>
    /// <exception cref="ArgumentException">The stream cannot read or seek, or <paramref name="scaling"/> is per feature for another number of features.</exception>
    public static Matrix<float> ReadSamples(Stream stream, InputScaling? scaling = null, string? name = null) => ReadSamples(DatasetSource.FromStream(stream, name), scaling);

    internal static Matrix<float> ReadSamples(DatasetSource source, InputScaling? scaling) => ReadSamples(source, scaling, keepBytes: false, out _);

    /// <summary>Reads samples, and keeps the file's bytes too when <paramref name="keepBytes"/> is set and they are bytes scaled by one factor and offset.</summary>
    /// <param name="source">The file or stream.</param>
    /// <param name="scaling">Applied to every value as it is read.</param>
    /// <param name="keepBytes">Whether to keep the bytes of a file of unsigned bytes (a quarter more memory) for a trainer's batches.</param>
    /// <param name="bytes">The kept bytes; null for other element types, per-feature scalings, or when the machine's memory would not hold them beside the floats.</param>
    internal static Matrix<float> ReadSamples(DatasetSource source, InputScaling? scaling, bool keepBytes, out ByteSamples? bytes)
    {
        bytes = null;
        scaling ??= InputScaling.None;
        string path = source.Name;
        using Stream stream = OpenMeasured(source, out IdxHeader header);
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

        if (ElementBudget.Problem(features, count, out int elements) is string problem)
        {
            throw new InvalidDatasetFileException(path, $"the dimensions {IdxHeader.FormatDimensions(header.Dimensions)} make a matrix of {features} features x {count} samples: {problem}.", offset: 4);
        }

        scaling.CheckFeatures((int)features);
        bool global = scaling.Scale.Length == 1;
        float[] values = GC.AllocateUninitializedArray<float>(elements);
        float scale = global ? scaling.Scale[0] : 1f;
        float shift = global ? scaling.Shift[0] : 0f;
        byte[]? kept = keepBytes && global && header.DataType == IdxDataType.UnsignedByte && ByteSamples.FitBesideFloats(features, count)
            ? GC.AllocateUninitializedArray<byte>(elements)
            : null;
        ReadData(stream, header, path, values, scale, shift, features, kept);
        RequireEnd(stream, header, path);
        if (kept is not null)
        {
            bytes = new ByteSamples(kept, (int)features, scale, shift);
        }

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
    public static int[] ReadLabels(string path, int? classCount = null) => ReadLabels(DatasetSource.FromFile(path), classCount);

    /// <summary>Reads IDX class labels from a seekable stream (raw or gzipped), from its current position; see <see cref="ReadLabels(string, int?)"/>.</summary>
    /// <param name="stream">The content; left open.</param>
    /// <param name="classCount">When given, every label must be in [0, classCount).</param>
    /// <param name="name">What to call the stream in messages; default "the stream".</param>
    /// <exception cref="InvalidDatasetFileException">The content is not a well-formed IDX file of labels, or a label is outside the classes.</exception>
    /// <exception cref="ArgumentException">The stream cannot read or seek.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is not positive or above <see cref="Dataset.MaxClassCount"/>.</exception>
    public static int[] ReadLabels(Stream stream, int? classCount = null, string? name = null) => ReadLabels(DatasetSource.FromStream(stream, name), classCount);

    internal static int[] ReadLabels(DatasetSource source, int? classCount)
    {
        if (classCount is <= 0 or > Dataset.MaxClassCount)
        {
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, $"The class count must be between 1 and {Dataset.MaxClassCount}.");
        }

        string path = source.Name;
        using Stream stream = OpenMeasured(source, out IdxHeader header);
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

        if (ElementBudget.Problem(header.ElementCount, 1, out int count) is string problem)
        {
            throw new InvalidDatasetFileException(path, $"the dimension {header.ElementCount} makes {problem}.", offset: 4);
        }

        int[] labels = new int[count];
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
                    if (label < 0 || label >= (classCount ?? Dataset.MaxClassCount))
                    {
                        string expected = classCount is not null ? $"one of the {classCount} classes [0, {classCount - 1}]"
                            : label < 0 ? "a class index (0 or more)"
                            : $"a class index below {Dataset.MaxClassCount} (a larger label would make an absurd output layer)";
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

    private static void ReadData(Stream stream, IdxHeader header, string path, Span<float> values, float scale, float shift, long recordLength, byte[]? kept = null)
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
                    if (kept is not null)
                    {
                        chunk.CopyTo(kept.AsSpan((int)done));
                    }
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

    /// <summary>Opens the content and reads its header; a gzip file whose header the trailer does not vouch for is decompressed once first and measured against the header, so nothing proportional to a false claim is ever allocated.</summary>
    /// <remarks>
    /// The claim is trusted without that pass when the gzip trailer records the claimed length (modulo 2^32) and the
    /// claim is at most <see cref="TrustedGzipRatio"/> times the compressed size (MNIST's images are 4.8 times): a
    /// truncated, padded or damaged file then cannot pass, and a deliberately forged trailer can make the reader
    /// allocate at most 4 bytes per claimed byte of that bounded claim before the read finds it out.
    /// </remarks>
    private static Stream OpenMeasured(DatasetSource source, out IdxHeader header)
    {
        Stream stream = DatasetFile.Open(source, Expected, out bool gzipped, out long fileLength);
        try
        {
            header = IdxHeader.Read(stream, source.Name, gzipped, fileLength);
            long claimed = header.HeaderLength + header.DataLength;
            if (!gzipped || (DatasetFile.RecordedLength(stream) == (uint)claimed && claimed <= TrustedGzipRatio * fileLength))
            {
                return stream;
            }

            long found = DatasetFile.CountRemaining(stream, source.Name, header.HeaderLength, header.DataLength + MaxTrailingCount);
            if (found < header.DataLength)
            {
                throw Truncated(source.Name, header, found);
            }

            RequireEnd(header, source.Name, found - header.DataLength);
            stream.Dispose();
            stream = DatasetFile.Open(source, Expected, out _, out _);
            header = IdxHeader.Read(stream, source.Name, gzipped, fileLength);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static void RequireEnd(Stream stream, IdxHeader header, string path)
    {
        // Raw files were measured against the header already; a gzip's length is only known once it is decompressed.
        long end = header.HeaderLength + header.DataLength;
        RequireEnd(header, path, DatasetFile.CountRemaining(stream, path, end, MaxTrailingCount));
    }

    private static void RequireEnd(IdxHeader header, string path, long extra)
    {
        long end = header.HeaderLength + header.DataLength;
        if (extra > 0)
        {
            string count = extra > MaxTrailingCount ? $"more than {MaxTrailingCount}" : extra.ToString(CultureInfo.InvariantCulture);
            string has = extra > MaxTrailingCount ? $"more than {end + MaxTrailingCount}" : (end + extra).ToString(CultureInfo.InvariantCulture);
            throw new InvalidDatasetFileException(
                path,
                $"{count} trailing bytes: the header and the {IdxHeader.FormatDimensions(header.Dimensions)} {IdxHeader.TypeName(header.DataType)} elements make {end} bytes but the {(header.IsGzipped ? "decompressed content" : "file")} has {has}.",
                offset: end);
        }
    }

    private static InvalidDatasetFileException Truncated(string path, IdxHeader header, long dataRead) =>
        new(
            path,
            $"the file is truncated: {IdxHeader.FormatDimensions(header.Dimensions)} {IdxHeader.TypeName(header.DataType)} elements need {header.DataLength} bytes of data but the {(header.IsGzipped ? "decompressed content" : "file")} ends after {dataRead}.",
            offset: header.HeaderLength + dataRead,
            record: header.Dimensions[0] == 0 ? null : dataRead / Math.Max(1, header.DataLength / header.Dimensions[0]));
}
