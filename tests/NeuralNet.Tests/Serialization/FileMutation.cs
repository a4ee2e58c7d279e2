using System.Buffers.Binary;
using CsCheck;

namespace NeuralNet.Tests.Serialization;

/// <summary>One change to a valid model file or checkpoint, as the property tests generate them: a damaged byte, an insertion, a deletion, a cut, or a field set to an edge value, then re-sealed or not.</summary>
/// <param name="Kind">What is done (<see cref="Kinds"/>).</param>
/// <param name="At">Where: a byte offset, or the index of a field of the file's <see cref="FileLayout"/> (both taken modulo the count; three field edits in four go to a size or count).</param>
/// <param name="Value">The value written: a byte, a bit index, an edge value's index, or the raw value.</param>
/// <param name="Length">Bytes inserted or deleted (1 to 16).</param>
/// <param name="Seal">0: as is (the checksum fails unless the change missed it); 1: the checksum recomputed; 2: the header's length and the checksum recomputed.</param>
internal sealed record FileMutation(int Kind, int At, ulong Value, int Length, int Seal)
{
    /// <summary>The kinds: none, flip a bit, set a byte, insert bytes, delete bytes, cut the file, set a field to an edge value, add a small delta to a field.</summary>
    public const int Kinds = 8;

    private static readonly ulong[] EdgeValues =
    [
        0, 1, 2, 3, 7, 8, 0x7F, 0x80, 0xFF, 0x100, 0x3FF, 0x400, 0x401, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF,
        0x100000000, (1UL << 61) + 1, 1UL << 62, long.MaxValue, 1UL << 63, ulong.MaxValue,
        BitConverter.SingleToUInt32Bits(float.NaN), BitConverter.SingleToUInt32Bits(float.PositiveInfinity), BitConverter.SingleToUInt32Bits(-0f),
        BitConverter.SingleToUInt32Bits(1f), BitConverter.DoubleToUInt64Bits(double.NaN), BitConverter.DoubleToUInt64Bits(0.5),
    ];

    /// <summary>Any mutation; a third re-sealed with the length, a third with the checksum only.</summary>
    public static Gen<FileMutation> Any { get; } =
        Gen.Select(Gen.Int[0, Kinds - 1], Gen.Int[0, int.MaxValue], Gen.ULong, Gen.Int[1, 16], Gen.Int[0, 2])
            .Select((kind, at, value, length, seal) => new FileMutation(kind, at, value, length, seal));

    /// <summary>Applies the mutation to <paramref name="file"/>, whose fields are <paramref name="layout"/>'s.</summary>
    public byte[] Apply(byte[] file, FileLayout layout)
    {
        byte[] bytes = Change(file, layout);
        return Seal switch
        {
            0 => bytes,
            1 => Reseal(bytes, fixLength: false),
            _ => Reseal(bytes, fixLength: true),
        };
    }

    /// <summary>A copy of <paramref name="file"/> with the trailing CRC-32C recomputed, and the header's length too when <paramref name="fixLength"/>; files too short for both are returned as they are.</summary>
    public static byte[] Reseal(byte[] file, bool fixLength)
    {
        if (file.Length < 28)
        {
            return file;
        }

        byte[] copy = (byte[])file.Clone();
        if (fixLength)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(16), (ulong)copy.Length);
        }

        return TestModels.Reseal(copy);
    }

    // Three edits in four go to a size, count, flag or length: values (parameters, losses) are mostly any float, sizes are what the reader checks.
    private FileField Pick(FileLayout layout) =>
        Value >> 62 == 3 || layout.Counts.Count == 0 ? layout.Fields[At % layout.Fields.Count] : layout.Counts[At % layout.Counts.Count];

    private byte[] Change(byte[] file, FileLayout layout)
    {
        int at = At % file.Length;
        byte[] filler = BitConverter.GetBytes(Value).Concat(BitConverter.GetBytes(~Value)).ToArray();
        switch (Kind)
        {
            case 0:
                return file;
            case 1:
                byte[] flipped = (byte[])file.Clone();
                flipped[at] ^= (byte)(1 << (int)(Value % 8));
                return flipped;
            case 2:
                byte[] set = (byte[])file.Clone();
                set[at] = (byte)Value;
                return set;
            case 3:
                return [.. file[..at], .. filler[..Length], .. file[at..]];
            case 4:
                return [.. file[..at], .. file[Math.Min(file.Length, at + Length)..]];
            case 5:
                return file[..at];
            case 6:
                FileField field = Pick(layout);
                return field.Set(file, Value % 4 == 0 ? Value : EdgeValues[(int)(Value / 4 % (ulong)EdgeValues.Length)]);
            default:
                FileField counted = Pick(layout);
                ulong current = counted.Size switch
                {
                    2 => BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(counted.Offset)),
                    4 => BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(counted.Offset)),
                    _ => BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(counted.Offset)),
                };
                return counted.Set(file, current + (Value % 9) - 4);
        }
    }
}
