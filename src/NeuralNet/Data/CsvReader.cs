using System.Buffers;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace NeuralNet.Data;

/// <summary>Reads label-first CSV files (MNIST's CSV dumps, Kaggle's digit-recognizer files, or any numeric table) into a <see cref="Dataset"/>.</summary>
/// <remarks>
/// <para>The file is streamed through a pooled byte buffer and parsed as bytes, never read whole into a string. It is read
/// twice: once to learn the layout and count the lines, so that the matrix is allocated once at its final size, and
/// once to parse. Gzip is recognised by the content's first two bytes. Blank lines are skipped; a UTF-8 byte order
/// mark is ignored.</para>
/// <para>Every row must have as many columns as the first line; labels must be whole numbers 0 or more (and below
/// <see cref="CsvOptions.ClassCount"/> when given); integer pixels must be in 0–255. The file is opened read-only.</para>
/// </remarks>
public static class CsvReader
{
    private const string Expected = "a CSV file";
    private static readonly string[] _labelNames = ["label", "labels", "class", "target", "digit", "y"];

    /// <summary>Reads a CSV file into a dataset, one row per sample (column of <see cref="Dataset.Inputs"/>).</summary>
    /// <param name="path">The CSV file, raw or gzipped.</param>
    /// <param name="options">How to read it; default <see cref="CsvOptions.Default"/> (everything detected, pixels to [0, 1]).</param>
    /// <exception cref="InvalidDatasetFileException">The file is empty, a directory, has no data rows, a row with the wrong number of columns, a non-numeric cell, a label that is not a class, or a pixel outside 0–255.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException">An option is out of range (a feature or class count that is not positive, a delimiter that can be part of a number).</exception>
    public static Dataset Read(string path, CsvOptions? options = null)
    {
        options ??= CsvOptions.Default;
        byte delimiter = CheckOptions(options);
        CsvLayout layout = ReadLayout(path, options, delimiter);
        long capacity = (long)layout.MaxRows * layout.Features;
        if (capacity > Array.MaxLength)
        {
            throw new InvalidDatasetFileException(path, $"{layout.MaxRows} rows of {layout.Features} features make {capacity} values but one matrix holds at most {Array.MaxLength}.");
        }

        var parser = new CsvRowParser(path, layout, options, delimiter);
        using (Stream stream = DatasetFile.Open(path, Expected, out _, out _))
        {
            parser.Parse(stream);
        }

        return parser.ToDataset(options);
    }

    internal static bool IsLabelName(ReadOnlySpan<byte> cell)
    {
        string name = System.Text.Encoding.UTF8.GetString(CsvRowParser.Unquote(cell.Trim(" \t"u8))).Trim();
        return _labelNames.Contains(name, StringComparer.OrdinalIgnoreCase);
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

    /// <summary>The first pass: finds the first non-blank line to decide header, labels and columns, and counts the lines to bound the rows.</summary>
    private static CsvLayout ReadLayout(string path, CsvOptions options, byte delimiter)
    {
        using Stream stream = DatasetFile.Open(path, Expected, out _, out _);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(DatasetFile.ChunkSize);
        byte[]? firstLine = null;
        long firstLineNumber = 0;
        long newlines = 0;
        long total = 0;
        long lineNumber = 1;
        bool lastWasNewline = false;
        var pending = new ArrayBufferWriter<byte>();
        try
        {
            int read;
            while ((read = DatasetFile.Fill(stream, buffer, path, total)) > 0)
            {
                ReadOnlySpan<byte> chunk = buffer.AsSpan(0, read);
                if (total == 0 && chunk.StartsWith("\uFEFF"u8))
                {
                    chunk = chunk[3..];
                }

                total += read;
                lastWasNewline = chunk.Length > 0 && chunk[^1] == (byte)'\n';
                newlines += chunk.Count((byte)'\n');

                // Collect lines until the first non-blank one is complete.
                while (firstLine is null && !chunk.IsEmpty)
                {
                    int end = chunk.IndexOf((byte)'\n');
                    pending.Write(end < 0 ? chunk : chunk[..end]);
                    if (end < 0)
                    {
                        break;
                    }

                    if (!CsvRowParser.IsBlank(CsvRowParser.TrimEnd(pending.WrittenSpan)))
                    {
                        firstLine = CsvRowParser.TrimEnd(pending.WrittenSpan).ToArray();
                        firstLineNumber = lineNumber;
                    }

                    pending.Clear();
                    lineNumber++;
                    chunk = chunk[(end + 1)..];
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (firstLine is null && !CsvRowParser.IsBlank(CsvRowParser.TrimEnd(pending.WrittenSpan)))
        {
            firstLine = CsvRowParser.TrimEnd(pending.WrittenSpan).ToArray();
            firstLineNumber = lineNumber;
        }

        if (firstLine is null)
        {
            throw new InvalidDatasetFileException(path, $"the file holds no rows (only {total} bytes of blank lines); expected {Expected} with a row per sample.", line: 1);
        }

        long lines = newlines + (lastWasNewline ? 0 : 1);
        return Describe(path, options, delimiter, firstLine, firstLineNumber, lines);
    }

    private static CsvLayout Describe(string path, CsvOptions options, byte delimiter, byte[] firstLine, long lineNumber, long lines)
    {
        int columns = firstLine.AsSpan().Count(delimiter) + 1;
        int numeric = 0;
        foreach (Range range in firstLine.AsSpan().Split(delimiter))
        {
            numeric += CsvRowParser.TryParseNumber(firstLine.AsSpan(range), out _, out _) ? 1 : 0;
        }

        bool header = options.HasHeader ?? numeric == 0;
        int firstDelimiter = firstLine.AsSpan().IndexOf(delimiter);
        ReadOnlySpan<byte> firstCell = firstDelimiter < 0 ? firstLine : firstLine.AsSpan(0, firstDelimiter);
        bool labels = options.HasLabels ?? (header
            ? IsLabelName(firstCell)
            : options.FeatureCount is not int featureCount || columns != featureCount);
        int features = columns - (labels ? 1 : 0);
        string layout = labels ? $"a label and {features} features" : $"{features} features, no label";
        if (features < 1)
        {
            throw new InvalidDatasetFileException(path, $"the line has {columns} column; a labelled CSV needs a label and at least one feature.", line: lineNumber);
        }

        if (options.FeatureCount is int expected && features != expected)
        {
            string wanted = labels ? $"{expected + 1} (a label and {expected} features)" : $"{expected} (features, no label)";
            throw new InvalidDatasetFileException(path, $"the {(header ? "header" : "first row")} has {columns} columns; expected {wanted}.", line: lineNumber);
        }

        long maxRows = lines - (lineNumber - 1) - (header ? 1 : 0);
        if (maxRows < 1)
        {
            throw new InvalidDatasetFileException(path, $"the file has a header ({layout}) but no data rows; expected at least one row after it.", line: lineNumber + 1);
        }

        if (maxRows > Array.MaxLength)
        {
            throw new InvalidDatasetFileException(path, $"the file has {maxRows} lines, more than one dataset holds.");
        }

        return new CsvLayout(header, labels, columns, features, (int)maxRows);
    }
}
