using System.Buffers.Binary;
using System.Text;
using CsCheck;
using NeuralNet.Data;
using NeuralNet.Preprocessing;
using NeuralNet.Tests.Serialization;

namespace NeuralNet.Tests.Data;

/// <summary>Property tests of the IDX and CSV readers against reference decoders, both ways: a mutated file the reference reads is read to the same values, one it refuses is refused with <see cref="InvalidDatasetFileException"/>, and its gzip reads as it does raw.</summary>
/// <remarks>Case counts: <see cref="PropertyRuns"/>. The fuzz harness (tests/NeuralNet.Fuzz, targets <c>idx-images</c>, <c>idx-labels</c> and <c>csv</c>) uses the same references with coverage feedback.</remarks>
public sealed class ReaderReferencePropertyTests
{
    private static readonly byte[] Types = [0x08, 0x09, 0x0B, 0x0C];

    /// <summary>Valid IDX files of 1-3 dimensions of 1-4 and every integer element type.</summary>
    private static readonly Gen<byte[]> IdxFiles =
        Gen.Select(Gen.Int[0, 3], Gen.Int[1, 4].Array[1, 3], Gen.Int)
            .Select((type, dimensions, seed) => IdxFile(Types[type], dimensions, seed));

    /// <summary>A byte flipped, set, inserted or deleted, the file cut, or a header byte (magic, rank, a dimension) set to an edge value.</summary>
    private static readonly Gen<(int Kind, int At, byte Value)> IdxMutations = Gen.Select(Gen.Int[0, 6], Gen.Int[0, int.MaxValue], Gen.Byte);

    [Fact]
    public void IdxReader_MutatedFiles_ReadAsTheReferenceRawAndGzipped()
    {
        Gen.Select(IdxFiles, IdxMutations).Sample((valid, mutation) =>
        {
            byte[] file = Mutate(valid, mutation);
            double[]? samples = Reference(file, labels: false)?.Select(v => (double)(float)v).ToArray(); // samples are float32
            double[]? labels = Reference(file, labels: true);
            foreach (byte[] content in new[] { file, IdxBytes.Gzip(file) })
            {
                (Matrix<float>? read, Exception? error) = PropertyRuns.Bounded(Math.Max(file.Length, content.Length), () => IdxReader.ReadSamples(new MemoryStream(content)));
                Expect(samples, read?.AsColumnMajorArray().Select(v => (double)v).ToArray(), error);
                (int[]? readLabels, Exception? labelError) = PropertyRuns.Bounded(Math.Max(file.Length, content.Length), () => IdxReader.ReadLabels(new MemoryStream(content)));
                Expect(labels, readLabels?.Select(v => (double)v).ToArray(), labelError);
            }
        }, iter: PropertyRuns.Iterations(500));
    }

    [Fact]
    public void CsvReader_MutatedPixelFiles_ReadAsTheReferenceRawAndGzipped()
    {
        var options = new CsvOptions { HasLabels = true, ClassCount = 10, Task = DatasetTask.Classification, Scaling = InputScaling.None };
        Gen<byte[]> files = Gen.Int[0, 255].Array[2, 5].Array[1, 5].Select(rows =>
            Encoding.ASCII.GetBytes(string.Concat(rows.Select(r => $"{r[0] % 10},{string.Join(',', r.Skip(1))}\n"))));
        Gen.Select(files, Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.OneOf((byte)',', (byte)'\n', (byte)'0', (byte)'9', (byte)'-', (byte)'.', (byte)' ', (byte)'"', (byte)'a'))
            .Sample((valid, kind, at, value) =>
            {
                byte[] file = Mutate(valid, (kind, at, value));
                (int[] Labels, float[] Values)? expected = ReferencePixels(file);
                foreach (byte[] content in new[] { file, IdxBytes.Gzip(file) })
                {
                    (Dataset? data, Exception? error) = PropertyRuns.Bounded(Math.Max(file.Length, content.Length), () => CsvReader.Read(new MemoryStream(content), options));
                    if (error is not null)
                    {
                        error.Should().BeOfType<InvalidDatasetFileException>($"a CSV file is refused with the documented exception, not {error}");
                        expected.Should().BeNull($"the reference reads {Encoding.ASCII.GetString(file)} but the reader said: {error.Message}");
                    }
                    else if (expected is { } reference)
                    {
                        data!.Labels.ToArray().Should().Equal(reference.Labels);
                        data.Inputs.AsColumnMajorArray().Should().Equal(reference.Values);
                    }
                }
            }, iter: PropertyRuns.Iterations(400));
    }

    private static void Expect(double[]? expected, double[]? read, Exception? error)
    {
        if (error is not null)
        {
            error.Should().BeOfType<InvalidDatasetFileException>($"an IDX file is refused with the documented exception, not {error}");
        }

        if (expected is null)
        {
            error.Should().NotBeNull("the reference refuses this file");
        }
        else
        {
            error.Should().BeNull("the reference reads this file");
            read.Should().Equal(expected);
        }
    }

    private static byte[] IdxFile(byte type, int[] dimensions, int seed)
    {
        int size = type switch { 0x08 or 0x09 => 1, 0x0B => 2, _ => 4 };
        var data = new byte[dimensions.Aggregate(1, (a, b) => a * b) * size];
        new Random(seed).NextBytes(data);
        return IdxBytes.Build(type, [.. dimensions.Select(d => (uint)d)], data);
    }

    private static byte[] Mutate(byte[] file, (int Kind, int At, byte Value) mutation)
    {
        int at = mutation.At % file.Length;
        int header = Math.Min(file.Length, 4 + (4 * (file.Length > 3 ? file[3] : 0)));
        byte[] copy = (byte[])file.Clone();
        switch (mutation.Kind)
        {
            case 0:
                copy[at] ^= (byte)(1 << (mutation.Value % 8));
                return copy;
            case 1:
                copy[at] = mutation.Value;
                return copy;
            case 2:
                return [.. file[..at], mutation.Value, .. file[at..]];
            case 3:
                return [.. file[..at], .. file[(at + 1)..]];
            case 4:
                return file[..at];
            case 5:
                // A header byte (magic, rank, a dimension's top or bottom byte) set to an edge value.
                copy[mutation.At % Math.Max(1, header)] = (byte)(mutation.Value % 4) switch { 0 => 0, 1 => 1, 2 => 0x7F, _ => 0xFF };
                return copy;
            default:
                return file;
        }
    }

    /// <summary>The reference IDX decoder: raw, exact length, every dimension at least 1; samples need 2 or more dimensions and may be integers or floats (0x0D, 0x0E: finite as float32), labels exactly 1 dimension of integers (each in [0, 65536)).</summary>
    private static double[]? Reference(byte[] file, bool labels)
    {
        if (file.Length < 4 || file[0] != 0 || file[1] != 0 || (labels ? file[3] != 1 : file[3] < 2) || file.Length < 4 + (4 * file[3]))
        {
            return null;
        }

        int size = file[2] switch { 0x08 or 0x09 => 1, 0x0B => 2, 0x0C => 4, 0x0D when !labels => 4, 0x0E when !labels => 8, _ => 0 };
        long count = 1;
        for (int d = 0; d < file[3] && size > 0; d++)
        {
            uint dimension = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(4 + (4 * d)));
            count = dimension is 0 or > int.MaxValue || count * dimension > file.Length ? -1 : count * dimension;
            if (count < 0)
            {
                return null;
            }
        }

        int start = 4 + (4 * file[3]);
        if (size == 0 || file.Length - start != count * size)
        {
            return null;
        }

        var values = new double[count];
        for (int i = 0; i < values.Length; i++)
        {
            ReadOnlySpan<byte> element = file.AsSpan(start + (i * size), size);
            values[i] = file[2] switch
            {
                0x08 => element[0],
                0x09 => (sbyte)element[0],
                0x0B => BinaryPrimitives.ReadInt16BigEndian(element),
                0x0C => BinaryPrimitives.ReadInt32BigEndian(element),
                0x0D => BinaryPrimitives.ReadSingleBigEndian(element),
                _ => BinaryPrimitives.ReadDoubleBigEndian(element),
            };
            if (!float.IsFinite((float)values[i]))
            {
                return null; // a sample must be a finite float32
            }
        }

        return labels && values.Any(v => v is < 0 or >= Dataset.MaxClassCount) ? null : values;
    }

    /// <summary>The reference pixel CSV reader: <c>\n</c>-ended lines of 1-3 digit integers of one width, a label 0-9 first and pixels 0-255; null for anything it does not read.</summary>
    private static (int[] Labels, float[] Values)? ReferencePixels(byte[] file)
    {
        if (file.Length == 0 || file[^1] != (byte)'\n' || file.Any(b => b is not ((>= (byte)'0' and <= (byte)'9') or (byte)',' or (byte)'\n')))
        {
            return null;
        }

        int[][] rows = [.. Encoding.ASCII.GetString(file, 0, file.Length - 1).Split('\n')
            .Select(line => line.Split(',').Select(cell => cell.Length is >= 1 and <= 3 ? int.Parse(cell, System.Globalization.CultureInfo.InvariantCulture) : -1).ToArray())];
        return rows.Any(row => row.Length != rows[0].Length || row.Length < 2 || row.Contains(-1) || row.Any(v => v > 255) || row[0] > 9)
            ? null
            : ([.. rows.Select(row => row[0])], [.. rows.SelectMany(row => row.Skip(1).Select(v => (float)v))]);
    }
}
