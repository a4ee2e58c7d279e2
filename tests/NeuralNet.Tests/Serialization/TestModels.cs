using System.Buffers.Binary;
using NeuralNet.Activations;
using NeuralNet.Data;
using NeuralNet.IO;
using NeuralNet.Preprocessing;
using NeuralNet.Randomness;
using NeuralNet.Serialization;

namespace NeuralNet.Tests.Serialization;

/// <summary>Small networks and raw model-file bytes for the serialization tests.</summary>
internal static class TestModels
{
    /// <summary>A 4-3-2 network with LeakyReLU(0.2) and softmax and a per-feature standardization: every part of the format, in about 260 bytes.</summary>
    public static Network Small(int seed = 1)
    {
        var network = Network.Create([4, 3, 2], new LeakyRelu(0.2f), new Softmax(), seed: seed);
        network.InputScaling = InputScaling.Standardize([1f, 2f, 3f, 4f], [0.5f, 1f, 2f, 4f]);
        return network;
    }

    /// <summary>A 200-100-10 network (about 84 KB on disk) that concurrent savers write, one seed per saver.</summary>
    public static Network ForConcurrency(int seed) => Network.Create([200, 100, 10], seed: seed);

    /// <summary>The bytes <see cref="Network.Save(Stream)"/> writes for <paramref name="network"/>.</summary>
    public static byte[] Bytes(Network network)
    {
        using var stream = new MemoryStream();
        network.Save(stream);
        return stream.ToArray();
    }

    /// <summary>Builds a model file by hand from a body, with a correct header length and checksum, so a test can present a well-formed file with bad content.</summary>
    public static byte[] FileWithBody(Action<BinaryWriter> writeBody, uint version = 1, uint flags = 0)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(ModelFileFormat.ModelMagic);
            writer.Write(version);
            writer.Write(flags);
            writer.Write(0UL); // length, patched below
            writeBody(writer);
        }

        var bytes = new byte[stream.Length + 4];
        stream.ToArray().CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), (ulong)bytes.Length);
        return Reseal(bytes);
    }

    /// <summary>Recomputes the trailing CRC-32C after a test edited the bytes.</summary>
    public static byte[] Reseal(byte[] file)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(file.Length - 4), Crc32C.Compute(file.AsSpan(0, file.Length - 4)));
        return file;
    }

    /// <summary>Writes a dense layer record as the format describes it.</summary>
    public static void DenseRecord(BinaryWriter writer, int inputs, int outputs, string activation)
    {
        byte[] name = System.Text.Encoding.UTF8.GetBytes(activation);
        writer.Write((ushort)1);
        writer.Write(4 + 4 + 2 + name.Length);
        writer.Write(inputs);
        writer.Write(outputs);
        writer.Write((ushort)name.Length);
        writer.Write(name);
    }

    /// <summary>Writes a dropout layer record as the format describes it.</summary>
    public static void DropoutRecord(BinaryWriter writer, int size, float rate)
    {
        writer.Write((ushort)2);
        writer.Write(4 + 4);
        writer.Write(size);
        writer.Write(rate);
    }

    /// <summary>Writes the "none" input scaling.</summary>
    public static void NoScaling(BinaryWriter writer)
    {
        writer.Write((ushort)4);
        writer.Write("none"u8);
        writer.Write(1);
        writer.Write(1f);
        writer.Write(0f);
    }

    /// <summary>The bit patterns of float values, for comparisons that must be exact (NaN payloads and signed zeros included).</summary>
    public static int[] Bits(ReadOnlySpan<float> values)
    {
        var bits = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            bits[i] = BitConverter.SingleToInt32Bits(values[i]);
        }

        return bits;
    }

    /// <summary>All parameter values of a network as bit patterns, layer by layer.</summary>
    public static int[] ParameterBits(Network network) =>
        [.. network.Parameters.SelectMany(p => Bits(p.ValueSpan))];

    /// <summary>A batch of raw inputs drawn from a seeded generator.</summary>
    public static Matrix<float> RandomInputs(int features, int samples, int seed)
    {
        var random = new SeededRandom(seed);
        return Matrix<float>.Build.Dense(features, samples, (_, _) => (random.NextSingle() * 10f) - 2f);
    }
}
