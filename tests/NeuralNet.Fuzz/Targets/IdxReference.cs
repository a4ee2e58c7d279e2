using System.Buffers.Binary;

namespace NeuralNet.Fuzz.Targets;

/// <summary>A reference IDX decoder for raw (not gzipped) files of integer elements, written from the format's description to check the library's reader against.</summary>
/// <remarks>It decodes what it decodes exactly; for gzip and float elements it says nothing (null from <see cref="Applies"/>), and the target checks only the reader's exceptions and memory.</remarks>
internal static class IdxReference
{
    /// <summary>Whether the reference decodes this file: raw IDX with an integer element type (unsigned or signed byte, int16, int32).</summary>
    public static bool Applies(byte[] file) =>
        file.Length >= 4 && file[0] == 0 && file[1] == 0 && ElementSize(file[2]) > 0;

    /// <summary>The elements of a well-formed raw IDX file of <paramref name="rank"/> dimensions (at least 2 when null), converted to float32, with its dimensions; null when the file is not one.</summary>
    /// <param name="file">The file.</param>
    /// <param name="rank">The rank the caller needs (1 for labels), or null for samples (2 or more).</param>
    /// <param name="dimensions">The sizes read from the header.</param>
    public static double[]? Decode(byte[] file, int? rank, out int[] dimensions)
    {
        dimensions = [];
        if (!Applies(file) || file[3] == 0 || (rank is int r ? file[3] != r : file[3] < 2) || file.Length < 4 + (4 * file[3]))
        {
            return null;
        }

        int size = ElementSize(file[2]);
        dimensions = new int[file[3]];
        long count = 1;
        for (int d = 0; d < dimensions.Length; d++)
        {
            uint dimension = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(4 + (4 * d)));
            if (dimension == 0 || dimension > int.MaxValue)
            {
                return null;
            }

            dimensions[d] = (int)dimension;
            count *= dimension;
            if (count > file.Length)
            {
                return null; // more elements than bytes: cannot match the length
            }
        }

        int header = 4 + (4 * dimensions.Length);
        if (file.Length - header != count * size)
        {
            return null;
        }

        var values = new double[count];
        for (int i = 0; i < values.Length; i++)
        {
            ReadOnlySpan<byte> element = file.AsSpan(header + (i * size), size);
            values[i] = file[2] switch
            {
                0x08 => element[0],
                0x09 => (sbyte)element[0],
                0x0B => BinaryPrimitives.ReadInt16BigEndian(element),
                _ => BinaryPrimitives.ReadInt32BigEndian(element),
            };
        }

        return values;
    }

    private static int ElementSize(byte type) => type switch
    {
        0x08 or 0x09 => 1,
        0x0B => 2,
        0x0C => 4,
        _ => 0,
    };
}
