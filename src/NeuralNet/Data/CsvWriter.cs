using System.Buffers.Text;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using NeuralNet.IO;
using NeuralNet.Serialization;

namespace NeuralNet.Data;

/// <summary>Writes label-first CSV files that <see cref="CsvReader"/> reads back: integer pixels (as <c>mnist_train.csv</c>) or scaled floats.</summary>
/// <remarks>The file is written under a temporary name beside <c>path</c> and renamed when complete, so a reader never sees half a file.</remarks>
public static class CsvWriter
{
    /// <summary>Writes integer pixels, one row per sample: the label (if any), then the sample's values.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="pixels">The samples one after another, <paramref name="featureCount"/> bytes each (the layout of an IDX images file).</param>
    /// <param name="featureCount">Values per sample.</param>
    /// <param name="labels">One label per sample, or empty for an unlabelled file (such as Kaggle's test.csv).</param>
    /// <param name="header">Whether to write a header line, <c>label,pixel0,pixel1,…</c> as Kaggle does.</param>
    /// <exception cref="ArgumentException">The pixels are not a whole number of samples, or the labels do not match them.</exception>
    public static void WritePixels(string path, ReadOnlySpan<byte> pixels, int featureCount, ReadOnlySpan<int> labels = default, bool header = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        if (pixels.Length % featureCount != 0)
        {
            throw new ArgumentException($"{pixels.Length} pixels are not a whole number of samples of {featureCount} features.", nameof(pixels));
        }

        int count = pixels.Length / featureCount;
        CheckLabels(labels, count);
        byte[] row = new byte[(featureCount * 4) + 16];
        using var file = AtomicFile.Begin(path, "the CSV file");
        using var writer = new BufferedStream(file.Stream, 1 << 16);
        WriteHeader(writer, featureCount, !labels.IsEmpty, header);
        for (int j = 0; j < count; j++)
        {
            int length = 0;
            if (!labels.IsEmpty)
            {
                length += Format(labels[j], row.AsSpan(length));
                row[length++] = (byte)',';
            }

            foreach (byte pixel in pixels.Slice(j * featureCount, featureCount))
            {
                length += Format(pixel, row.AsSpan(length));
                row[length++] = (byte)',';
            }

            row[length - 1] = (byte)'\n';
            writer.Write(row, 0, length);
        }

        writer.Flush();
        file.Commit();
    }

    /// <summary>Writes float samples (features × N, one per column) in the shortest form that reads back to the same float32, each with a decimal point or exponent so that readers know the values are already scaled.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="samples">The samples, one per column.</param>
    /// <param name="labels">One label per sample, or empty for an unlabelled file.</param>
    /// <param name="header">Whether to write a header line, <c>label,pixel0,pixel1,…</c>.</param>
    /// <exception cref="ArgumentException">The labels do not match the samples, a value is not finite, or the matrix is not dense.</exception>
    public static void Write(string path, Matrix<float> samples, ReadOnlySpan<int> labels = default, bool header = false)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ReadOnlySpan<float> values = MatrixSpans.Values(samples);
        int features = samples.RowCount;
        CheckLabels(labels, samples.ColumnCount);
        byte[] cell = new byte[32];
        using var file = AtomicFile.Begin(path, "the CSV file");
        using var writer = new BufferedStream(file.Stream, 1 << 16);
        WriteHeader(writer, features, !labels.IsEmpty, header);
        for (int j = 0; j < samples.ColumnCount; j++)
        {
            if (!labels.IsEmpty)
            {
                writer.Write(cell, 0, Format(labels[j], cell));
                writer.WriteByte((byte)',');
            }

            for (int i = 0; i < features; i++)
            {
                float value = values[(j * features) + i];
                if (!float.IsFinite(value))
                {
                    throw new ArgumentException($"Sample {j}, feature {i} is {value.ToString(CultureInfo.InvariantCulture)}; a CSV file holds finite values only.", nameof(samples));
                }

                value.TryFormat(cell, out int length, "R", CultureInfo.InvariantCulture);
                if (cell.AsSpan(0, length).IndexOfAny(".E"u8) < 0)
                {
                    ".0"u8.CopyTo(cell.AsSpan(length));
                    length += 2;
                }

                writer.Write(cell, 0, length);
                writer.WriteByte(i == features - 1 ? (byte)'\n' : (byte)',');
            }
        }

        writer.Flush();
        file.Commit();
    }

    private static void CheckLabels(ReadOnlySpan<int> labels, int count)
    {
        if (!labels.IsEmpty && labels.Length != count)
        {
            throw new ArgumentException($"{count} samples need {count} labels (or none) but got {labels.Length}.", nameof(labels));
        }
    }

    private static void WriteHeader(Stream stream, int features, bool labelled, bool header)
    {
        if (!header)
        {
            return;
        }

        var names = Enumerable.Range(0, features).Select(i => $"pixel{i}");
        string line = string.Join(",", labelled ? names.Prepend("label") : names) + "\n";
        stream.Write(System.Text.Encoding.ASCII.GetBytes(line));
    }

    private static int Format(int value, Span<byte> destination) =>
        Utf8Formatter.TryFormat(value, destination, out int written) ? written : throw new InvalidOperationException("The row buffer is too small.");
}
