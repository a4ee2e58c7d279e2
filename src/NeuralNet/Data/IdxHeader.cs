using System.Buffers.Binary;
using System.Globalization;

namespace NeuralNet.Data;

/// <summary>The header of an IDX file: the element type and the dimensions, as read from its first bytes.</summary>
/// <remarks>
/// The file starts with the magic number <c>0x00 0x00 type rank</c>, then <c>rank</c> big-endian 32-bit sizes, then the
/// elements in row-major order (the last dimension varies fastest). MNIST's images are <c>0x00000803</c> with sizes
/// 60000 × 28 × 28; its labels are <c>0x00000801</c> with the size 60000.
/// </remarks>
public sealed class IdxHeader
{
    private readonly int[] _dimensions;

    internal IdxHeader(IdxDataType dataType, int[] dimensions, bool isGzipped, long elementCount)
    {
        DataType = dataType;
        _dimensions = dimensions;
        IsGzipped = isGzipped;
        ElementCount = elementCount;
        DataLength = elementCount * ElementSizeOf(dataType);
    }

    /// <summary>The element type.</summary>
    public IdxDataType DataType { get; }

    /// <summary>The size of each dimension; the first is the number of records (samples).</summary>
    public IReadOnlyList<int> Dimensions => _dimensions;

    /// <summary>Whether the file is gzip-compressed (recognised by its first two bytes, 0x1F 0x8B).</summary>
    public bool IsGzipped { get; }

    /// <summary>The magic number, such as <c>0x00000803</c>.</summary>
    public int Magic => ((int)DataType << 8) | _dimensions.Length;

    /// <summary>Bytes before the data: the 4-byte magic number and 4 bytes per dimension.</summary>
    public int HeaderLength => 4 + (4 * _dimensions.Length);

    /// <summary>Bytes per element: 1, 2, 4 or 8.</summary>
    public int ElementSize => ElementSizeOf(DataType);

    /// <summary>The number of elements: the product of the dimensions.</summary>
    public long ElementCount { get; }

    /// <summary>Bytes of data after the header (of the decompressed content for a gzipped file).</summary>
    public long DataLength { get; }

    /// <summary>Describes the header, such as <c>IDX unsigned byte 60000x28x28</c>.</summary>
    public override string ToString() =>
        $"IDX {TypeName(DataType)} {FormatDimensions(_dimensions)}{(IsGzipped ? " (gzip)" : "")}";

    internal static int ElementSizeOf(IdxDataType type) => type switch
    {
        IdxDataType.UnsignedByte or IdxDataType.SignedByte => 1,
        IdxDataType.Int16 => 2,
        IdxDataType.Int32 or IdxDataType.Single => 4,
        IdxDataType.Double => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not an IDX type code."),
    };

    internal static string TypeName(IdxDataType type) => type switch
    {
        IdxDataType.UnsignedByte => "unsigned byte",
        IdxDataType.SignedByte => "signed byte",
        IdxDataType.Int16 => "int16",
        IdxDataType.Int32 => "int32",
        IdxDataType.Single => "float32",
        IdxDataType.Double => "float64",
        _ => $"0x{(byte)type:X2}",
    };

    internal static string FormatDimensions(IReadOnlyList<int> dimensions) =>
        string.Join("x", dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Reads the header from the start of <paramref name="stream"/> and checks it: magic, type code, dimensions, and (for a raw file) the file's length.</summary>
    /// <exception cref="InvalidDatasetFileException">Any check fails; the message names the offset, what was expected and what was found.</exception>
    internal static IdxHeader Read(Stream stream, string path, bool gzipped, long fileLength)
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

        string shape = FormatDimensions(dimensions);
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
                $"the file is truncated: {shape} {TypeName(type)} elements need {header.DataLength} bytes after the {header.HeaderLength}-byte header ({expectedLength} in all) but the file has {fileLength}.",
                offset: fileLength);
        }

        if (!gzipped && fileLength > expectedLength)
        {
            throw new InvalidDatasetFileException(
                path,
                $"{fileLength - expectedLength} trailing bytes: {shape} {TypeName(type)} elements and the header make {expectedLength} bytes but the file has {fileLength}.",
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

    private static string Guess(ReadOnlySpan<byte> magic) => magic switch
    {
        [(byte)'P', (byte)'K', ..] => ": this is a zip archive, extract it first",
        _ when magic.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0 => $" (text \"{System.Text.Encoding.ASCII.GetString(magic)}\"): is this a CSV file?",
        _ => "",
    };
}
