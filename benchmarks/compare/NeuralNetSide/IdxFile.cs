using System.Buffers.Binary;

namespace NeuralNetSide;

/// <summary>A minimal reader of the four MNIST IDX files, so the comparison runs before (and apart from) the library's loader.</summary>
internal static class IdxFile
{
    /// <summary>Reads an images file (magic 0x00000803) as raw pixel values, one sample per column: 784 × count.</summary>
    public static (float[] Pixels, int Rows, int Count) ReadImages(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Expect(path, bytes, 0x0803, 16);
        int count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        int rows = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8)) * BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12));
        if (bytes.Length != 16 + ((long)count * rows))
        {
            throw new InvalidDataException($"{path}: expected {16 + ((long)count * rows)} bytes for {count} images of {rows} pixels but found {bytes.Length}.");
        }

        var pixels = new float[count * rows];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = bytes[16 + i];
        }

        return (pixels, rows, count);
    }

    /// <summary>Reads a labels file (magic 0x00000801).</summary>
    public static int[] ReadLabels(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Expect(path, bytes, 0x0801, 8);
        int count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        if (bytes.Length != 8 + count)
        {
            throw new InvalidDataException($"{path}: expected {8 + count} bytes for {count} labels but found {bytes.Length}.");
        }

        return bytes.AsSpan(8).ToArray().Select(b => (int)b).ToArray();
    }

    private static void Expect(string path, byte[] bytes, int magic, int header)
    {
        if (bytes.Length < header || BinaryPrimitives.ReadInt32BigEndian(bytes) != magic)
        {
            throw new InvalidDataException($"{path}: expected IDX magic 0x{magic:X8} at offset 0 but the file starts differently or is shorter than {header} bytes.");
        }
    }
}
