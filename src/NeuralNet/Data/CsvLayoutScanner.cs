// Over 250 lines: the first pass (line ends as Sep sees them, blank lines, the row bound, parallel split points) and the header rules.
using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace NeuralNet.Data;

/// <summary>The first pass over a CSV file: reads the first non-blank line (header, label and feature columns), counts the data rows (to allocate the matrix once, at its final size) and picks line starts where parallel parsing can split the file.</summary>
/// <remarks>
/// <para>Lines end at <c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>, as the parser (Sep) sees them; a line of spaces and tabs
/// is blank and is not a row. A row needs at least one byte per cell it reads and one per delimiter, so a non-blank line
/// shorter than that is certainly wrong: the matrix gets no slot past it (the parse reports it, or an earlier error), so
/// it is never larger than about twice the bytes actually present, whatever the first line claims.</para>
/// </remarks>
internal static class CsvLayoutScanner
{
    /// <summary>Parts smaller than this are not worth a thread of their own.</summary>
    private const long MinSegmentBytes = 4 << 20;

    /// <summary>A first line longer than this is not a header or a row anyone writes by hand: 64 MiB.</summary>
    private const int MaxFirstLineBytes = 64 << 20;

    private static readonly string[] _labelNames = ["label", "labels", "class", "target", "digit", "y"];

    /// <summary>Splits raw files into this many parts whatever their size, on the calling thread only: lets tests cover parallel parsing on small files.</summary>
    [ThreadStatic]
    internal static int? ForcedParts;

    /// <summary>Scans the file at <paramref name="path"/>.</summary>
    public static CsvLayout Scan(string path, CsvOptions options, byte delimiter, string expected) =>
        Scan(DatasetSource.FromFile(path), options, delimiter, expected);

    /// <summary>Scans <paramref name="source"/>.</summary>
    /// <exception cref="InvalidDatasetFileException">The content is empty, blank, has no data rows, or its first line does not fit the options.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CsvLayout Scan(DatasetSource source, CsvOptions options, byte delimiter, string expected)
    {
        using Stream stream = DatasetFile.Open(source, expected, out bool gzipped, out long fileLength);
        string name = source.Name;

        // Only a raw file can be read at several offsets at once.
        int parts = gzipped || !source.CanOpenMany ? 1 : ForcedParts ?? (int)Math.Clamp(fileLength / MinSegmentBytes, 1, Math.Min(Environment.ProcessorCount, 8));
        long target = parts > 1 ? fileLength / parts : long.MaxValue;
        int nextTarget = 1;

        byte[] buffer = ArrayPool<byte>.Shared.Rent(DatasetFile.ChunkSize);
        var firstLine = new ArrayBufferWriter<byte>();
        CsvLayout? layout = null;
        var segments = new List<CsvSegment>();
        long segmentOffset = 0, segmentLine = 1;
        int segmentFirstSlot = 0;
        long line = 1;            // the number of the line being read
        long lineStart = 0;       // its offset
        long lineLength = 0;      // its bytes so far
        bool lineBlank = true;    // whether they are all spaces and tabs
        bool afterCr = false;     // the last byte seen was a '\r' (a '\n' right after it ends nothing)
        long total = 0;
        long rows = 0;
        long firstLineNumber = 0;
        long stopLine = long.MaxValue;
        long stopRows = 0;

        try
        {
            int read;
            while ((read = DatasetFile.Fill(stream, buffer, name, total)) > 0)
            {
                ReadOnlySpan<byte> chunk = buffer.AsSpan(0, read);
                long chunkStart = total;
                total += read;
                int at = 0;
                if (chunkStart == 0 && chunk.StartsWith("\uFEFF"u8))
                {
                    at = 3;
                    lineStart = 3;
                }

                while (at < chunk.Length)
                {
                    if (afterCr)
                    {
                        afterCr = false;
                        if (chunk[at] == (byte)'\n')
                        {
                            at++;
                            lineStart = chunkStart + at;
                            continue;
                        }
                    }

                    int end = chunk[at..].IndexOfAny((byte)'\n', (byte)'\r');
                    ReadOnlySpan<byte> piece = end < 0 ? chunk[at..] : chunk.Slice(at, end);
                    if (lineBlank && piece.IndexOfAnyExcept(" \t"u8) >= 0)
                    {
                        lineBlank = false;
                    }

                    if (layout is null && (!lineBlank || firstLine.WrittenCount > 0))
                    {
                        if (firstLine.WrittenCount + piece.Length > MaxFirstLineBytes)
                        {
                            throw new InvalidDatasetFileException(name, $"the first line is longer than {MaxFirstLineBytes} bytes; expected {expected} with a header or a row per line.", line: line);
                        }

                        firstLine.Write(piece);
                    }

                    lineLength += piece.Length;
                    if (end < 0)
                    {
                        break;
                    }

                    // The line ends here.
                    at += end + 1;
                    afterCr = chunk[at - 1] == (byte)'\r';
                    if (layout is null && !lineBlank)
                    {
                        firstLineNumber = line;
                        layout = Describe(name, options, delimiter, firstLine.WrittenSpan, line);
                    }

                    if (layout is not null && line >= layout.FirstDataLine && !lineBlank)
                    {
                        rows++;
                        if (lineLength < layout.MinRowBytes && stopLine == long.MaxValue)
                        {
                            // Too short to be a row: the parse fails here at the latest, so no row after it gets a slot.
                            (stopLine, stopRows) = (line, rows);
                        }
                    }

                    line++;
                    lineStart = chunkStart + at;
                    lineLength = 0;
                    lineBlank = true;

                    // A part starts at the first line start after its target offset (after a '\n', never between '\r' and '\n').
                    if (lineStart >= target && !afterCr && lineStart < fileLength && layout is not null)
                    {
                        segments.Add(new CsvSegment(segmentOffset, segmentLine, segmentFirstSlot, (int)(rows - segmentFirstSlot)));
                        (segmentOffset, segmentLine, segmentFirstSlot) = (lineStart, line, (int)rows);
                        nextTarget++;
                        target = nextTarget < parts ? Math.Max(lineStart + 1, fileLength * nextTarget / parts) : long.MaxValue;
                    }

                    if (rows > Array.MaxLength)
                    {
                        throw new InvalidDatasetFileException(name, $"the file has more than {Array.MaxLength} rows, more than one matrix holds.", line: line);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (lineLength > 0)
        {
            // The last line has no line break.
            if (layout is null && !lineBlank)
            {
                firstLineNumber = line;
                layout = Describe(name, options, delimiter, firstLine.WrittenSpan, line);
            }

            if (layout is not null && line >= layout.FirstDataLine && !lineBlank)
            {
                rows++;
            }
        }

        if (layout is null)
        {
            throw new InvalidDatasetFileException(name, $"the file holds no rows (only {total} bytes of blank lines); expected {expected} with a row per sample.", line: 1);
        }

        if (rows == 0)
        {
            string kind = layout.HasLabels ? $"a label and {layout.Features} features" : $"{layout.Features} features, no label";
            throw new InvalidDatasetFileException(name, $"the file has a header ({kind}) but no data rows; expected at least one row after it.", line: firstLineNumber + 1);
        }

        segments.Add(new CsvSegment(segmentOffset, segmentLine, segmentFirstSlot, (int)(rows - segmentFirstSlot)));
        return layout with { Rows = (int)(stopLine == long.MaxValue ? rows : stopRows), StopLine = stopLine, Segments = segments };
    }

    /// <summary>Whether a header cell names the label column.</summary>
    public static bool IsLabelName(ReadOnlySpan<byte> cell) => IsLabelName(Encoding.UTF8.GetString(cell));

    private static bool IsLabelName(string cell) =>
        _labelNames.Contains(CsvCells.Clean(cell.AsSpan()).ToString(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a header name is a pixel's: <c>pixel0</c>, <c>px12</c>, <c>p3</c>, <c>x5</c>, <c>28x28</c>, or a bare number.</summary>
    private static bool IsPixelName(string cell)
    {
        ReadOnlySpan<char> name = CsvCells.Clean(cell.AsSpan());
        int x = name.IndexOfAny('x', 'X');
        if (x > 0 && x < name.Length - 1 && !name[..x].ContainsAnyExceptInRange('0', '9') && !name[(x + 1)..].ContainsAnyExceptInRange('0', '9'))
        {
            return true;
        }

        int digits = name.IndexOfAnyInRange('0', '9');
        if (digits < 0 || name[digits..].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        ReadOnlySpan<char> prefix = name[..digits];
        return prefix.IsEmpty || prefix.Equals("pixel", StringComparison.OrdinalIgnoreCase) || prefix.Equals("px", StringComparison.OrdinalIgnoreCase)
            || prefix.Equals("p", StringComparison.OrdinalIgnoreCase) || prefix.Equals("x", StringComparison.OrdinalIgnoreCase);
    }

    private static CsvLayout Describe(string path, CsvOptions options, byte delimiter, ReadOnlySpan<byte> firstLineBytes, long lineNumber)
    {
        string[] cells = CsvCells.SplitLine(firstLineBytes, (char)delimiter);
        int columns = cells.Length;
        int numeric = cells.Count(c => CsvCells.TryParseNumber(c.AsSpan(), out _));
        bool table = options.LabelColumn is not null || options.FeatureColumns is not null || options.Task == DatasetTask.Regression;
        bool header = options.HasHeader ?? (numeric == 0 && !(table && options.LabelColumn is { } l && IsColumnNumber(l) && options.FeatureColumns is null));
        if (options.FeatureColumns is not null && !header)
        {
            throw new ArgumentException("FeatureColumns names columns, so the file needs a header; set HasHeader = true if its first line is one.", nameof(options));
        }

        int label = -1;
        if (header && !table)
        {
            // A header of pixel names is a pixel file (label first); any other header is a table.
            int firstName = options.HasLabels != false && cells.Length > 0 && IsLabelName(cells[0]) ? 1 : 0;
            table = cells.Length > firstName && !cells.Skip(firstName).All(IsPixelName);
        }

        if (options.LabelColumn is { } labelName)
        {
            label = FindColumn(path, cells, header, labelName, lineNumber, "LabelColumn");
        }
        else if (options.HasLabels != false)
        {
            if (header)
            {
                int named = table ? Array.FindIndex(cells, IsLabelName) : (IsLabelName(cells[0]) ? 0 : -1);
                label = named >= 0 ? named : options.HasLabels == true ? 0 : -1;
            }
            else
            {
                label = options.HasLabels == true || options.FeatureCount is not int featureCount || columns != featureCount ? 0 : -1;
            }
        }

        int[] features = options.FeatureColumns is { } chosen
            ? [.. chosen.Select(c => FindColumn(path, cells, header, c, lineNumber, "FeatureColumns"))]
            : [.. Enumerable.Range(0, columns).Where(c => c != label)];
        if (features.Contains(label) && label >= 0)
        {
            throw new ArgumentException($"Column {label + 1}{(header ? $" ('{CsvCells.Escape(cells[label])}')" : "")} is both the label and a feature.", nameof(options));
        }

        if (features.Length < 1)
        {
            throw new InvalidDatasetFileException(path, $"the line has {columns} column{(columns == 1 ? "" : "s")}; a labelled CSV needs a label and at least one feature.{CsvCells.DelimiterHint(firstLineBytes, (char)delimiter)}", line: lineNumber);
        }

        if (options.FeatureCount is int expected && features.Length != expected)
        {
            string wanted = label >= 0 ? $"{expected + 1} (a label and {expected} features)" : $"{expected} (features, no label)";
            throw new InvalidDatasetFileException(path, $"the {(header ? "header" : "first row")} has {columns} columns; expected {wanted}.{CsvCells.DelimiterHint(firstLineBytes, (char)delimiter)}", line: lineNumber);
        }

        int used = features.Length + (label >= 0 ? 1 : 0);
        return new CsvLayout(header, table, columns, label, features, header ? cells : null, lineNumber + (header ? 1 : 0), 0, used + columns - 1, long.MaxValue, []);
    }

    private static bool IsColumnNumber(string name) => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1;

    private static int FindColumn(string path, string[] cells, bool header, string name, long lineNumber, string option)
    {
        if (header)
        {
            int exact = Array.FindIndex(cells, c => CsvCells.Clean(c.AsSpan()).SequenceEqual(name));
            if (exact >= 0)
            {
                return exact;
            }

            int[] loose = [.. Enumerable.Range(0, cells.Length).Where(i => CsvCells.Clean(cells[i].AsSpan()).Equals(name, StringComparison.OrdinalIgnoreCase))];
            if (loose.Length == 1)
            {
                return loose[0];
            }
        }

        if (IsColumnNumber(name) && int.Parse(name, CultureInfo.InvariantCulture) <= cells.Length)
        {
            return int.Parse(name, CultureInfo.InvariantCulture) - 1;
        }

        string have = header
            ? $"the header has {string.Join(", ", cells.Take(30).Select(c => $"'{CsvCells.Escape(CsvCells.Clean(c.AsSpan()).ToString())}'"))}{(cells.Length > 30 ? $", ... ({cells.Length} columns)" : "")}"
            : $"the file has no header (its first line is data), so name the column by its number, 1 to {cells.Length}";
        throw new InvalidDatasetFileException(path, $"{option} names a column '{CsvCells.Escape(name)}' that the file does not have; {have}.", line: lineNumber);
    }
}
