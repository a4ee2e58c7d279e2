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
}
