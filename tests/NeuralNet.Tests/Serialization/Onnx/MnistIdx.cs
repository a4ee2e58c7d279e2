using System.Buffers.Binary;

namespace NeuralNet.Tests.Serialization.Onnx;

/// <summary>Reads the first samples of the raw MNIST IDX files, for the ONNX cross-check.</summary>
/// <remarks>A stand-in until the shared real-MNIST test data lands; it keeps pixels raw (0–255) because the exported model scales them itself.</remarks>
internal static class MnistIdx
{
    /// <summary>Reads the first <paramref name="count"/> images as a 784 × count matrix of raw pixel values.</summary>
    /// <exception cref="InvalidDataException">The file is not an IDX image file or holds fewer images.</exception>
    public static Matrix<float> ReadImages(string path, int count)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int[] header = Header(path, bytes, 0x00000803, 4);
        int pixels = header[2] * header[3];
        if (header[1] < count || bytes.Length < 16 + ((long)count * pixels))
        {
            throw new InvalidDataException($"{path}: asked for {count} images but the file holds {header[1]} ({bytes.Length} bytes).");
        }

        return Matrix<float>.Build.Dense(pixels, count, (i, j) => bytes[16 + (j * pixels) + i]);
    }

    /// <summary>Reads the first <paramref name="count"/> labels.</summary>
    /// <exception cref="InvalidDataException">The file is not an IDX label file or holds fewer labels.</exception>
    public static int[] ReadLabels(string path, int count)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int[] header = Header(path, bytes, 0x00000801, 2);
        if (header[1] < count || bytes.Length < 8 + count)
        {
            throw new InvalidDataException($"{path}: asked for {count} labels but the file holds {header[1]} ({bytes.Length} bytes).");
        }

        return bytes.AsSpan(8, count).ToArray().Select(b => (int)b).ToArray();
    }

    private static int[] Header(string path, byte[] bytes, int magic, int fields)
    {
        if (bytes.Length < 4 * fields)
        {
            throw new InvalidDataException($"{path}: {bytes.Length} bytes is shorter than an IDX header of {4 * fields}.");
        }

        int[] header = Enumerable.Range(0, fields).Select(i => BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 * i))).ToArray();
        if (header[0] != magic)
        {
            throw new InvalidDataException($"{path}: expected IDX magic 0x{magic:X8} but found 0x{header[0]:X8}.");
        }

        return header;
    }
}
