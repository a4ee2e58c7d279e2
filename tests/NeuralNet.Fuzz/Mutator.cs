using System.Buffers.Binary;
using System.Text;

namespace NeuralNet.Fuzz;

/// <summary>Deterministic mutations in the manner of afl-fuzz's havoc stage: bit flips, interesting values, arithmetic, block deletion, insertion, duplication, truncation and splicing.</summary>
/// <remarks>
/// The in-process run (<see cref="MutationRun"/>) has no coverage feedback, so what AFL++ learns about the formats is
/// given here instead: the sizes and boundaries that the readers check (0, 1, −1, 2^31−1, 2^31, 2^32−1, 2^62, 2^63 and
/// the input's own length, in both byte orders), the special floats, and the tokens of CSV.
/// </remarks>
internal sealed class Mutator(int seed)
{
    private static readonly byte[] InterestingBytes = [0, 1, 2, 0x10, 0x20, 0x7F, 0x80, 0xFE, 0xFF];
    private static readonly ulong[] InterestingWords =
    [
        0, 1, 2, 3, 4, 7, 8, 16, 255, 256, 1023, 1024, 1025, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x100000000,
        (1UL << 61) + 1, 1UL << 62, long.MaxValue, 1UL << 63, ulong.MaxValue,
    ];

    private static readonly float[] InterestingFloats = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, float.MaxValue, float.Epsilon, 1f, 1.0000001f, -1f];
    private static readonly byte[][] Tokens =
    [
        .. new[] { ",", "\n", "\r\n", "\r", "\"", "\"\"", "-", ".", "e", "E+39", "NaN", "Infinity", "255", "256", "-1", "0.5", "1e308", "label", "class", "pixel0", "\uFEFF", " ", "\t", ";", "é" }
            .Select(Encoding.UTF8.GetBytes),
    ];

    private readonly Random _random = new(seed);

    /// <summary>A mutated copy of a corpus entry: one to eight stacked mutations, sometimes spliced with another entry.</summary>
    public byte[] Next(IReadOnlyList<byte[]> corpus)
    {
        List<byte> bytes = [.. corpus[_random.Next(corpus.Count)]];
        int count = 1 << _random.Next(4);
        for (int i = 0; i < count; i++)
        {
            Mutate(bytes, corpus);
        }

        return [.. bytes];
    }

    private void Mutate(List<byte> bytes, IReadOnlyList<byte[]> corpus)
    {
        if (bytes.Count == 0)
        {
            bytes.AddRange(corpus[_random.Next(corpus.Count)].AsSpan(0, 1));
            return;
        }

        int at = _random.Next(bytes.Count);
        switch (_random.Next(14))
        {
            case 0:
                bytes[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1:
                bytes[at] = (byte)_random.Next(256);
                break;
            case 2:
                bytes[at] = InterestingBytes[_random.Next(InterestingBytes.Length)];
                break;
            case 3:
            case 4:
                Overwrite(bytes, at, Word(bytes.Count), _random.Next(3) switch { 0 => 2, 1 => 4, _ => 8 }, bigEndian: _random.Next(2) == 0);
                break;
            case 5:
                bytes[at] = (byte)(bytes[at] + _random.Next(-16, 17));
                break;
            case 6:
                if (at + 4 <= bytes.Count)
                {
                    Span<byte> word = [bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]];
                    bool big = _random.Next(2) == 0;
                    uint value = (big ? BinaryPrimitives.ReadUInt32BigEndian(word) : BinaryPrimitives.ReadUInt32LittleEndian(word)) + (uint)_random.Next(-16, 17);
                    Overwrite(bytes, at, value, 4, big);
                }

                break;
            case 7:
                bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + _random.Next(Math.Min(64, bytes.Count))));
                break;
            case 8:
                byte[] inserted = new byte[1 + _random.Next(16)];
                _random.NextBytes(inserted);
                bytes.InsertRange(at, inserted);
                break;
            case 9:
                int length = Math.Min(bytes.Count - at, 1 + _random.Next(64));
                bytes.InsertRange(_random.Next(bytes.Count + 1), bytes.GetRange(at, length));
                break;
            case 10:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case 11:
                byte[] other = corpus[_random.Next(corpus.Count)];
                int from = _random.Next(other.Length);
                bytes.RemoveRange(at, bytes.Count - at);
                bytes.AddRange(other.AsSpan(from));
                break;
            case 12:
                uint bits = BitConverter.SingleToUInt32Bits(InterestingFloats[_random.Next(InterestingFloats.Length)]);
                Overwrite(bytes, at, bits, 4, bigEndian: _random.Next(2) == 0);
                break;
            default:
                bytes.InsertRange(at, Tokens[_random.Next(Tokens.Length)]);
                break;
        }
    }

    private ulong Word(int inputLength)
    {
        int pick = _random.Next(InterestingWords.Length + 3);
        ulong value = pick < InterestingWords.Length ? InterestingWords[pick] : (ulong)(inputLength + pick - InterestingWords.Length - 1);
        return _random.Next(4) == 0 ? unchecked(0UL - value) : value;
    }

    private static void Overwrite(List<byte> bytes, int at, ulong value, int size, bool bigEndian)
    {
        Span<byte> word = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(word, value);
        for (int i = 0; i < size && at + i < bytes.Count; i++)
        {
            bytes[at + i] = word[bigEndian ? size - 1 - i : i];
        }
    }
}
