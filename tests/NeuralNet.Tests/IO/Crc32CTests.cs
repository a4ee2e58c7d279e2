using NeuralNet.IO;
using NeuralNet.Randomness;
using NeuralNet.Serialization;

namespace NeuralNet.Tests.IO;

public sealed class Crc32CTests
{
    [Fact]
    public void Compute_StandardCheckString_ReturnsTheCatalogueValue()
    {
        // The check value of CRC-32C in the CRC catalogue (and RFC 3720's iSCSI examples).
        Crc32C.Compute("123456789"u8).Should().Be(0xE3069283u);
        Crc32C.AppendSoftware(0, "123456789"u8).Should().Be(0xE3069283u);
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
            Crc32C.Append(Crc32C.Compute(data.AsSpan(0, split)), data.AsSpan(split)).Should().Be(whole, $"split at {split}");
        }
    }

    [Fact]
    public void AppendSoftware_RandomData_MatchesTheHardwarePath()
    {
        for (int length = 0; length < 70; length++)
        {
            byte[] data = RandomBytes(length, seed: length);
            Crc32C.AppendSoftware(0x12345678, data).Should().Be(Crc32C.Append(0x12345678, data), $"length {length}");
        }

        byte[] large = RandomBytes(1 << 20, seed: 99);
        Crc32C.AppendSoftware(0, large).Should().Be(Crc32C.Compute(large));
    }

    [Theory]
    [InlineData(64 * 1024)]
    [InlineData((64 * 1024) + 1)]
    [InlineData((64 * 1024) + 23)]
    [InlineData(1_000_003)]
    public void Append_LongDataInThreeStreams_MatchesTheOneByteAtATimeTable(int length)
    {
        // Long inputs are checksummed as three interleaved thirds and joined; the table path is one plain chain.
        byte[] data = RandomBytes(length, seed: length);

        Crc32C.Append(0xCAFEF00D, data).Should().Be(Crc32C.AppendSoftware(0xCAFEF00D, data));
        Crc32C.Compute(data).Should().Be(Crc32C.AppendSoftware(0, data));
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
