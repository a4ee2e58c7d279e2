using System.Runtime.ExceptionServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Preprocessing;

namespace NeuralNet.Data;

/// <summary>Reads label-first CSV files (MNIST's CSV dumps, Kaggle's digit-recognizer files, or any numeric table) into a <see cref="Dataset"/>.</summary>
/// <remarks>
/// <para>The file is streamed through pooled byte buffers and parsed as bytes, never read whole into a string. It is read
/// twice: once to learn the layout and count the lines, so that the matrix is allocated once at its final size, and
/// once to parse, in parallel parts (split at line starts) when the file is raw and large. Gzip is recognised by the
/// content's first two bytes. Blank lines are skipped; a UTF-8 byte order mark is ignored.</para>
/// <para>Every row must have as many columns as the first line; labels must be whole numbers 0 or more (and below
/// <see cref="CsvOptions.ClassCount"/> when given); integer pixels must be in 0–255. Errors name the first offending
/// line of the file. The file is opened read-only.</para>
/// </remarks>
public static class CsvReader
{
    private const string Expected = "a CSV file";

    /// <summary>Reads a CSV file into a dataset, one row per sample (column of <see cref="Dataset.Inputs"/>).</summary>
    /// <param name="path">The CSV file, raw or gzipped.</param>
    /// <param name="options">How to read it; default <see cref="CsvOptions.Default"/> (everything detected, pixels to [0, 1]).</param>
    /// <exception cref="InvalidDatasetFileException">The file is empty, a directory, has no data rows, a row with the wrong number of columns, a non-numeric cell, a label that is not a class, or a pixel outside 0–255.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException">An option is out of range (a feature or class count that is not positive, a delimiter that can be part of a number), or the scaling is per feature for another feature count.</exception>
    public static Dataset Read(string path, CsvOptions? options = null)
    {
        options ??= CsvOptions.Default;
        byte delimiter = CheckOptions(options);
        CsvLayout layout = CsvLayoutScanner.Scan(path, options, delimiter, Expected);
        InputScaling pixelScaling = options.Scaling ?? InputScaling.UnitRange;
        pixelScaling.CheckFeatures(layout.Features);

        int features = layout.Features;
        float[] values = GC.AllocateUninitializedArray<float>(layout.MaxRows * features);
        int[]? labels = layout.HasLabels ? new int[layout.MaxRows] : null;
        float[]? table = options.ValuesAreScaled == true ? null : CsvRowParser.PixelTable(pixelScaling);
        var parts = new CsvRowParser[layout.Segments.Count];
        var errors = new Exception?[parts.Length];
        void ParsePart(int i)
        {
            (long offset, long line) = layout.Segments[i];
            long length = i + 1 < parts.Length ? layout.Segments[i + 1].Offset - offset : long.MaxValue;
            parts[i] = new CsvRowParser(path, layout, options, delimiter, values, labels, table, line);
            try
            {
                using Stream stream = DatasetFile.Open(path, Expected, out _, out _);
                if (offset > 0)
                {
                    stream.Position = offset;
                }

                parts[i].Parse(stream, length);
            }
            catch (Exception e)
            {
                errors[i] = e;
            }
        }

        if (parts.Length == 1)
        {
            ParsePart(0);
        }
        else
        {
            Parallel.For(0, parts.Length, new ParallelOptions { MaxDegreeOfParallelism = parts.Length }, ParsePart);
        }

        // Each part stopped at its first error, so the first part's error is the file's first.
        if (errors.FirstOrDefault(e => e is not null) is Exception error)
        {
            ExceptionDispatchInfo.Capture(error).Throw();
        }

        bool scaled = options.ValuesAreScaled ?? parts.Any(p => p.SawFraction);
        if (!scaled && parts.Select(p => p.FirstOutOfRange).FirstOrDefault(e => e is not null) is InvalidDatasetFileException outOfRange)
        {
            throw outOfRange;
        }

        if (scaled)
        {
            foreach (CsvRowParser part in parts)
            {
                part.RevertToRaw();
            }
        }

        long[] holes = [.. parts.SelectMany(p => p.Holes)];
        int rows = parts.Sum(p => p.Rows);
        if (rows + holes.Length != layout.MaxRows)
        {
            throw new InvalidDatasetFileException(path, $"the file has {rows + holes.Length} lines of data now but had {layout.MaxRows} when it was opened: it changed while being read.");
        }

        if (rows == 0)
        {
            throw new InvalidDatasetFileException(path, "the file has a header but no data rows; expected at least one row after it.", line: layout.FirstDataLine);
        }

        (values, labels) = CloseHoles(values, labels, features, holes, rows);
        InputScaling scaling = scaled ? InputScaling.None : pixelScaling;
        Matrix<float> inputs = Matrix<float>.Build.Dense(features, rows, values);
        if (!scaled && parts.Any(p => p.IsRaw) && !scaling.IsIdentity)
        {
            scaling.Apply(inputs, inputs);
        }

        return new Dataset(inputs, labels, options.ClassCount, scaling);
    }

    /// <summary>Whether a header cell names the label column.</summary>
    internal static bool IsLabelName(ReadOnlySpan<byte> cell) => CsvLayoutScanner.IsLabelName(cell);

    /// <summary>Drops the slots of blank lines, moving later rows down, and trims the arrays to <paramref name="rows"/>.</summary>
    private static (float[] Values, int[]? Labels) CloseHoles(float[] values, int[]? labels, int features, long[] holes, int rows)
    {
        if (holes.Length == 0)
        {
            return (values, labels);
        }

        int next = 0;
        int hole = 0;
        for (int slot = 0; slot < rows + holes.Length; slot++)
        {
            if (hole < holes.Length && holes[hole] == slot)
            {
                hole++;
                continue;
            }

            if (next != slot)
            {
                values.AsSpan(slot * features, features).CopyTo(values.AsSpan(next * features));
                if (labels is not null)
                {
                    labels[next] = labels[slot];
                }
            }

            next++;
        }

        return (values.AsSpan(0, rows * features).ToArray(), labels?[..rows]);
    }

    private static byte CheckOptions(CsvOptions options)
    {
        if (options.FeatureCount is <= 0)
        {
            throw new ArgumentException($"The feature count must be positive; got {options.FeatureCount}.", nameof(options));
        }

        if (options.ClassCount is <= 0)
        {
            throw new ArgumentException($"The class count must be positive; got {options.ClassCount}.", nameof(options));
        }

        char d = options.Delimiter;
        if (d > 127 || char.IsAsciiDigit(d) || "+-.eE\"\r\n ".Contains(d, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The delimiter must be an ASCII character that cannot be part of a number, such as ',' ';' or a tab; got '{d}'.", nameof(options));
        }

        return (byte)d;
    }
}
