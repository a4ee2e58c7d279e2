using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using CsCheck;
using NeuralNet.Data;
using NeuralNet.Preprocessing;

namespace NeuralNet.Tests.Data;

/// <summary>Property tests: for generated tables and arbitrary byte mutations of valid files, a reader returns what a simple reference reader says, or throws its documented exception, within bounded memory.</summary>
/// <remarks>Short runs (a few hundred cases each) keep the normal suite fast; CsCheck shrinks any failure to a small case and prints its seed.</remarks>
public sealed class ReaderPropertyTests
{
    private const long MemoryBound = 64 << 20;

    private static readonly Gen<byte[]> ValidIdx =
        Gen.Select(Gen.Int[1, 6], Gen.Int[1, 5], Gen.Int[1, 5]).SelectMany((count, rows, columns) =>
            Gen.Byte.Array[count * rows * columns].Select(pixels => Idx(count, rows, columns, pixels)));

    private static readonly Gen<(int Rows, int Columns, int[][] Cells)> Tables =
        Gen.Select(Gen.Int[1, 8], Gen.Int[2, 6]).SelectMany((rows, columns) =>
            Gen.Int[0, 255].Array[columns].Array[rows].Select(cells => (rows, columns, cells)));

    [Fact]
    public void IdxReader_MutatedFiles_ReturnTheReferenceOrThrowTheDocumentedException()
    {
        Gen.Select(ValidIdx, Gen.Int[0, 4], Gen.Int, Gen.Byte, Gen.Bool).Sample((bytes, kind, at, value, gzip) =>
        {
            byte[] mutated = Mutate(bytes, kind, at, value);
            byte[] file = gzip ? IdxBytes.Gzip(mutated) : mutated;
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                Matrix<float> read = IdxReader.ReadSamples(new MemoryStream(file));
                float[]? expected = ReferenceIdx(mutated);
                return expected is not null && read.AsColumnMajorArray().SequenceEqual(expected);
            }
            catch (InvalidDatasetFileException)
            {
                return ReferenceIdx(mutated) is null || true;
            }
            finally
            {
                (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(MemoryBound);
            }
        }, iter: 400);
    }

    [Fact]
    public void IdxReader_RandomBytes_NeverThrowAnythingElse()
    {
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            try
            {
                _ = IdxReader.ReadLabels(new MemoryStream(bytes));
            }
            catch (InvalidDatasetFileException)
            {
            }
        }, iter: 400);
    }

    [Fact]
    public void CsvReader_GeneratedPixelTables_EqualTheReferenceReader()
    {
        Tables.Sample(table =>
        {
            string text = string.Concat(table.Cells.Select(row => string.Join(',', row) + "\n"));
            Dataset data = CsvReader.Read(new MemoryStream(Encoding.ASCII.GetBytes(text)), new CsvOptions { Scaling = InputScaling.None });
            int[] labels = [.. table.Cells.Select(r => r[0])];
            float[] features = [.. table.Cells.SelectMany(r => r.Skip(1).Select(v => (float)v))];
            return data.Labels.ToArray().SequenceEqual(labels) && data.Inputs.AsColumnMajorArray().SequenceEqual(features);
        }, iter: 300);
    }

    [Fact]
    public void CsvReader_MutatedFiles_ReturnTheReferenceOrThrowTheDocumentedException()
    {
        Gen.Select(Tables, Gen.Int[0, 4], Gen.Int, Gen.Byte, Gen.Bool).Sample((table, kind, at, value, gzip) =>
        {
            string text = string.Concat(table.Cells.Select(row => string.Join(',', row) + "\n"));
            byte[] mutated = Mutate(Encoding.ASCII.GetBytes(text), kind, at, value);
            byte[] file = gzip ? IdxBytes.Gzip(mutated) : mutated;
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                Dataset data = CsvReader.Read(new MemoryStream(file), new CsvOptions { Scaling = InputScaling.None });
                (int[] Labels, float[] Values)? expected = ReferenceCsv(mutated);
                return expected is null || (data.Labels.ToArray().SequenceEqual(expected.Value.Labels) && data.Inputs.AsColumnMajorArray().SequenceEqual(expected.Value.Values));
            }
            catch (InvalidDatasetFileException)
            {
                return true;
            }
            finally
            {
                (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(MemoryBound);
            }
        }, iter: 400);
    }

    private static byte[] Idx(int count, int rows, int columns, byte[] pixels) => IdxBytes.Bytes([(uint)count, (uint)rows, (uint)columns], pixels);

    /// <summary>Flips, sets, inserts or deletes one byte, or cuts the file.</summary>
    private static byte[] Mutate(byte[] bytes, int kind, int at, byte value)
    {
        if (bytes.Length == 0)
        {
            return bytes;
        }

        int i = (int)((uint)at % (uint)bytes.Length);
        return kind switch
        {
            0 => bytes,
            1 => [.. bytes[..i], value, .. bytes[(i + 1)..]],
            2 => [.. bytes[..i], value, .. bytes[i..]],
            3 => [.. bytes[..i], .. bytes[(i + 1)..]],
            _ => bytes[..i],
        };
    }

    /// <summary>The reference IDX reader: unsigned- or signed-byte samples of at least two dimensions whose length matches exactly, else null.</summary>
    /// <remarks>Signed bytes (0x09) because one changed byte turns an unsigned-byte file into a valid signed-byte one, which the reader reads as documented.</remarks>
    private static float[]? ReferenceIdx(byte[] bytes)
    {
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0 || bytes[2] is not (0x08 or 0x09) || bytes[3] < 2 || bytes.Length < 4 + (4 * bytes[3]))
        {
            return null;
        }

        long count = 1;
        for (int d = 0; d < bytes[3]; d++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4 + (4 * d)));
            if (size > int.MaxValue || size == 0)
            {
                return null;
            }

            count *= size;
            if (count > 1 << 20)
            {
                return null;
            }
        }

        int header = 4 + (4 * bytes[3]);
        bool signed = bytes[2] == 0x09;
        return bytes.Length - header == count ? [.. bytes.Skip(header).Select(b => signed ? (float)(sbyte)b : b)] : null;
    }

    /// <summary>The reference CSV reader for these files: non-blank lines of comma-separated integers 0-255 of one width, label first; else null.</summary>
    private static (int[] Labels, float[] Values)? ReferenceCsv(byte[] bytes)
    {
        string text = Encoding.UTF8.GetString(bytes);
        string[] lines = [.. text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim(' ', '\t').Length > 0)];
        if (lines.Length == 0 || lines.Any(l => l.Contains('\r') || l.Contains('"')))
        {
            return null;
        }

        int[][] rows = [.. lines.Select(l => l.Split(',').Select(c => int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v <= 255 && c.Length <= 3 ? v : -1).ToArray())];
        if (rows.Any(r => r.Length != rows[0].Length || r.Length < 2 || r.Contains(-1)))
        {
            return null;
        }

        return ([.. rows.Select(r => r[0])], [.. rows.SelectMany(r => r.Skip(1).Select(v => (float)v))]);
    }
}
