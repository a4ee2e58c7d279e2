using NeuralNet.IO;
using NeuralNet.Randomness;

namespace NeuralNet.Tests.IO;

public sealed class Crc32CTests
{
    [Fact]
    public void Compute_StandardCheckString_ReturnsTheCatalogueValue()
    {
        // The check value of CRC-32C in the CRC catalogue (and RFC 3720's iSCSI examples).
        Crc32C.Compute("123456789"u8).Should().Be(0xE3069283u);
        Reference("123456789"u8).Should().Be(0xE3069283u);
    }

    [Fact]
    public void Compute_ThirtyTwoZeroBytes_MatchesRfc3720()
    {
        Crc32C.Compute(new byte[32]).Should().Be(0x8A9136AAu);
    }

    [Fact]
    public void Append_SplitAtEveryPoint_EqualsOneCompute()
    {
        byte[] data = RandomBytes(100, seed: 3);
        uint whole = Crc32C.Compute(data);
        for (int split = 0; split <= data.Length; split++)
        {
            System.IO.Hashing.Crc32 crc = Crc32C.Start();
            crc.Append(data.AsSpan(0, split));
            crc.Append(data.AsSpan(split));
            crc.GetCurrentHashAsUInt32().Should().Be(whole, $"split at {split}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64 * 1024)]
    [InlineData((64 * 1024) + 23)]
    [InlineData(1_000_003)]
    public void Compute_RandomData_MatchesTheBitByBitDefinition(int length)
    {
        byte[] data = RandomBytes(length, seed: length);

        Crc32C.Compute(data).Should().Be(Reference(data));
    }

    // The definition, one bit at a time: what the hardware-assisted BCL code must agree with.
    private static uint Reference(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
            }
        }

        return ~crc;
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var random = new SeededRandom(seed);
        var bytes = new byte[length];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)random.NextUInt64();
        }

        return bytes;
    }
}
