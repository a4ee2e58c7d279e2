using System.Buffers;

namespace NeuralNet.Data;

/// <summary>The first pass over a CSV file: finds the first non-blank line (to decide header, labels and columns), counts the lines (to allocate the matrix once), and picks line starts where parallel parsing can split the file.</summary>
internal static class CsvLayoutScanner
{
    /// <summary>Parts smaller than this are not worth a thread of their own.</summary>
    private const long MinSegmentBytes = 4 << 20;

    private static readonly string[] _labelNames = ["label", "labels", "class", "target", "digit", "y"];

    /// <summary>Splits raw files into this many parts whatever their size, on the calling thread only: lets tests cover parallel parsing on small files.</summary>
    [ThreadStatic]
    internal static int? ForcedParts;

    /// <summary>Scans the file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDatasetFileException">The file is empty, blank, a directory, has no data rows, or its first line does not fit the options.</exception>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static CsvLayout Scan(string path, CsvOptions options, byte delimiter, string expected)
    {
        using Stream stream = DatasetFile.Open(path, expected, out bool gzipped, out long fileLength);

        // Only a raw file can be read at several offsets at once.
        int parts = gzipped ? 1 : ForcedParts ?? (int)Math.Clamp(fileLength / MinSegmentBytes, 1, Math.Min(Environment.ProcessorCount, 8));
        var segments = new List<(long Offset, long Line)> { (0, 1) };
        int nextTarget = 1;
        long target = parts > 1 ? fileLength / parts : long.MaxValue;

        byte[] buffer = ArrayPool<byte>.Shared.Rent(DatasetFile.ChunkSize);
        byte[]? firstLine = null;
        long firstLineNumber = 0;
        long newlines = 0;
        long total = 0;
        bool lastWasNewline = false;
        var pending = new ArrayBufferWriter<byte>();
        try
        {
            int read;
            while ((read = DatasetFile.Fill(stream, buffer, path, total)) > 0)
            {
                ReadOnlySpan<byte> chunk = buffer.AsSpan(0, read);
                long chunkStart = total;
                total += read;
                lastWasNewline = chunk[^1] == (byte)'\n';

                // A part starts after the first newline at or past its target offset.
                while (target < total)
                {
                    int from = (int)Math.Max(0, target - 1 - chunkStart);
                    int newline = chunk[from..].IndexOf((byte)'\n');
                    if (newline < 0)
                    {
                        target = total;
                        break;
                    }

                    int end = from + newline + 1;
                    long offset = chunkStart + end;
                    if (offset < fileLength && offset > segments[^1].Offset)
                    {
                        segments.Add((offset, newlines + chunk[..end].Count((byte)'\n') + 1));
                    }

                    nextTarget++;
                    target = nextTarget < parts ? Math.Max(offset + 1, fileLength * nextTarget / parts) : long.MaxValue;
                }

                if (firstLine is null)
                {
                    (firstLine, firstLineNumber) = FindFirstLine(chunk, chunkStart == 0, pending, newlines);
                }

                newlines += chunk.Count((byte)'\n');
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (firstLine is null && !CsvCells.IsBlank(CsvCells.TrimEnd(pending.WrittenSpan)))
        {
            firstLine = CsvCells.TrimEnd(pending.WrittenSpan).ToArray();
            firstLineNumber = newlines + 1;
        }

        if (firstLine is null)
        {
            throw new InvalidDatasetFileException(path, $"the file holds no rows (only {total} bytes of blank lines); expected {expected} with a row per sample.", line: 1);
        }

        long lines = newlines + (lastWasNewline ? 0 : 1);
        return Describe(path, options, delimiter, firstLine, firstLineNumber, lines, segments);
    }

    /// <summary>Whether a header cell names the label column.</summary>
    public static bool IsLabelName(ReadOnlySpan<byte> cell)
    {
        string name = System.Text.Encoding.UTF8.GetString(CsvCells.Unquote(cell.Trim(" \t"u8))).Trim();
        return _labelNames.Contains(name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Collects the chunk's lines into <paramref name="pending"/> until the first non-blank one is complete.</summary>
    private static (byte[]? Line, long Number) FindFirstLine(ReadOnlySpan<byte> chunk, bool atStart, ArrayBufferWriter<byte> pending, long newlinesBefore)
    {
        if (atStart && chunk.StartsWith("\uFEFF"u8))
        {
            chunk = chunk[3..];
        }

        long number = newlinesBefore + 1;
        while (!chunk.IsEmpty)
        {
            int end = chunk.IndexOf((byte)'\n');
            pending.Write(end < 0 ? chunk : chunk[..end]);
            if (end < 0)
            {
                break;
            }

            ReadOnlySpan<byte> line = CsvCells.TrimEnd(pending.WrittenSpan);
            if (!CsvCells.IsBlank(line))
            {
                return (line.ToArray(), number);
            }

            pending.Clear();
            number++;
            chunk = chunk[(end + 1)..];
        }

        return (null, 0);
    }

    private static CsvLayout Describe(string path, CsvOptions options, byte delimiter, byte[] firstLine, long lineNumber, long lines, List<(long Offset, long Line)> segments)
    {
        int columns = firstLine.AsSpan().Count(delimiter) + 1;
        int numeric = 0;
        foreach (Range range in firstLine.AsSpan().Split(delimiter))
        {
            numeric += CsvCells.TryParseNumber(firstLine.AsSpan(range), out _, out _) ? 1 : 0;
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

        long firstDataLine = lineNumber + (header ? 1 : 0);
        long maxRows = lines - firstDataLine + 1;
        if (maxRows < 1)
        {
            throw new InvalidDatasetFileException(path, $"the file has a header ({layout}) but no data rows; expected at least one row after it.", line: lineNumber + 1);
        }

        if (maxRows * features > Array.MaxLength)
        {
            throw new InvalidDatasetFileException(path, $"{maxRows} rows of {features} features make {maxRows * features} values but one matrix holds at most {Array.MaxLength}.");
        }

        return new CsvLayout(header, labels, columns, features, firstDataLine, (int)maxRows, segments);
    }
}
