using System.Buffers.Binary;
using System.IO.Hashing;

namespace NeuralNet.Fuzz;

/// <summary>The checksummed container of model and checkpoint files (docs/model-format.md), as much as the fuzzer needs to re-seal an input.</summary>
/// <remarks>
/// A mutated file almost always fails the CRC-32C, so the body parsers would never run. Re-sealing writes the input's
/// real length into the header and recomputes the trailing checksum, so that every mutation of the body reaches the
/// parsers as a "tampered but checksummed" file. The container's own checks (signature, version, length, checksum) are
/// covered by the property tests, which mutate files with and without re-sealing. This is written from the format's
/// description, not with the library's code, so a mistake in one is not repeated in the other.
/// </remarks>
internal static class Container
{
    /// <summary>Bytes before the body: magic (8), version (4), flags (4), file length (8).</summary>
    public const int HeaderLength = 24;

    /// <summary>Bytes after the body: the CRC-32C of everything before it.</summary>
    public const int TrailerLength = 4;

    /// <summary>A copy of <paramref name="file"/> whose length field and checksum are right for its bytes; files too short for both are returned as they are.</summary>
    public static byte[] Seal(byte[] file)
    {
        if (file.Length < HeaderLength + TrailerLength)
        {
            return file;
        }

        byte[] copy = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(16), (ulong)copy.Length);
        uint checksum = Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, copy.AsSpan(0, copy.Length - TrailerLength));
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(copy.Length - TrailerLength), checksum);
        return copy;
    }
}
