// Over 250 lines: the pixel fast path, its slow path and the table path share one row loop, the slots and the error rules.
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using nietras.SeparatedValues;
using NeuralNet.Preprocessing;

namespace NeuralNet.Data;

/// <summary>The second pass over (a part of) a CSV file: Sep splits it into rows and cells, and the cells go straight into the sample matrix's storage.</summary>
/// <remarks>
/// <para>Sep (MIT, nietras) does the tokenizing: UTF-8 decoding, line breaks, quotes. A pixel file's common cell, an
/// integer of one to three digits, is parsed off the row's characters in a few instructions (runs of <c>0,</c>, most of an
/// MNIST row, sixteen cells per vector compare); anything else (signs, decimals, exponents, spaces, quotes, errors) takes
/// Sep's cell and <see cref="float.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider?, out float)"/> with the
/// invariant culture.</para>
/// <para>Pixels are scaled as they are stored, through a 256-entry table computed like
/// <see cref="InputScaling.Apply(ReadOnlySpan{float}, Span{float})"/>. Whether a pixel file holds integer pixels or
/// already-scaled values is only certain at its end: the first value with a fraction (or an integer outside 0–255) turns
/// the table off and maps the values stored so far back to their integers, exactly, through the table's inverse. Each
/// record is also classed (integer pixels above 1, or values in [0, 1] with a fraction) so that a file mixing the two is
/// caught.</para>
/// <para>Several parsers fill one matrix at once, each its own part of the file from the slot the first pass gave it. A
/// parser stops at its part's first error, so the earliest error of the earliest part is the file's first.</para>
/// </remarks>
internal sealed unsafe class CsvRowParser
{
    private static readonly float[] _identity = [.. Enumerable.Range(0, 256).Select(v => (float)v)];
    private readonly string _path;
    private readonly CsvLayout _layout;
    private readonly CsvOptions _options;
    private readonly char _delimiter;
    private readonly float[] _values;
    private readonly int[]? _labels;
    private readonly float[]? _pixelTable;
    private readonly CsvSegment _segment;
    private readonly Dictionary<string, int>? _classIndex;
    private long _line;
    private int _slot;

    /// <summary>Creates a parser for one part of a file, writing into shared arrays.</summary>
    /// <param name="path">The file, for messages.</param>
    /// <param name="layout">What the first pass learned.</param>
    /// <param name="options">The reader's options.</param>
    /// <param name="values">The matrix storage: <see cref="CsvLayout.Features"/> values per row.</param>
    /// <param name="labels">A label per row (a class index, or for a table's detected labels the part's own label number), or null.</param>
    /// <param name="pixelTable">The scaled value of each pixel 0–255, or null to store raw values.</param>
    /// <param name="segment">The part.</param>
    public CsvRowParser(string path, CsvLayout layout, CsvOptions options, float[] values, int[]? labels, float[]? pixelTable, CsvSegment segment)
    {
        _path = path;
        _layout = layout;
        _options = options;
        _delimiter = options.Delimiter;
        _values = values;
        _labels = labels;
        _pixelTable = layout.IsTable ? null : pixelTable;
        IsRaw = _pixelTable is null;
        _segment = segment;
        if (options.ClassNames is { } names)
        {
            _classIndex = new Dictionary<string, int>(names.Count, StringComparer.Ordinal);
            for (int i = 0; i < names.Count; i++)
            {
                _classIndex.TryAdd(names[i], i);
            }
        }
    }

    /// <summary>Whether a value had a fraction.</summary>
    public bool SawFraction { get; private set; }

    /// <summary>Whether values are stored raw (else through the pixel table).</summary>
    public bool IsRaw { get; private set; }

    /// <summary>The first integer outside 0–255: an error unless the file turns out to hold scaled values.</summary>
    public InvalidDatasetFileException? FirstOutOfRange { get; private set; }

    /// <summary>The first record of integer pixels with a value above 1: its slot and line.</summary>
    public (int Slot, long Line)? FirstPixelRecord { get; private set; }

    /// <summary>The first record whose values all lie in [0, 1] with a fraction: its slot and line.</summary>
    public (int Slot, long Line)? FirstUnitRecord { get; private set; }

    /// <summary>Rows parsed.</summary>
    public int Rows { get; private set; }

    /// <summary>A table's distinct label texts in the order this part met them (the part's label numbers), when the labels are being detected.</summary>
    public List<string> LabelTexts { get; } = [];

    /// <summary>The regression target of each row when <see cref="CsvOptions.Task"/> is regression: shared, one per slot.</summary>
    public float[]? Targets { get; init; }

    private Dictionary<string, int> LocalLabels { get; } = new(StringComparer.Ordinal);

    /// <summary>The scaled value of each pixel 0–255 under <paramref name="scaling"/>, or null when a table cannot stand for it (per-feature, or two pixels with one value).</summary>
    public static float[]? PixelTable(InputScaling scaling)
    {
        if (scaling.Scale.Length != 1)
        {
            return null;
        }

        float[] table = new float[256];
        scaling.Apply(_identity, table);

        // The table must be invertible to map values back if the file turns out to hold scaled floats.
        return table.Distinct().Count() == table.Length ? table : null;
    }

    /// <summary>Parses every row of <paramref name="text"/> (this part's characters).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Parse(TextReader text)
    {
        using SepReader reader = Sep.Reader(o => o with
        {
            Sep = new Sep(_delimiter),
            HasHeader = false,
            DisableColCountCheck = true,
            Unescape = true,
            CultureInfo = CultureInfo.InvariantCulture,
        }).From(text);
        long lineBefore = _segment.Line - 1;
        int previousEnd = 1;
        foreach (SepReader.Row row in reader)
        {
            int end = row.LineNumberToExcl;
            int from = previousEnd;
            previousEnd = end;
            _line = lineBefore + from;
            if (end - from > 1)
            {
                throw new InvalidDatasetFileException(_path, $"a quoted cell spans lines {_line} to {lineBefore + end - 1}; expected one row per line (line breaks inside cells are not supported).", line: _line, record: _line >= _layout.FirstDataLine ? _segment.FirstSlot + Rows : null);
            }

            if (_line < _layout.FirstDataLine)
            {
                // Blank lines and the header, as the first pass found them.
                continue;
            }

            ReadOnlySpan<char> span = row.Span;
            if (row.ColCount == 1 && span.IndexOfAnyExcept(" \t") < 0)
            {
                continue;
            }

            if (Rows >= _segment.Rows)
            {
                throw new InvalidDatasetFileException(_path, $"the part of the file from line {_segment.Line} has more rows than the {_segment.Rows} it had when it was opened: it changed while being read.", line: _line);
            }

            _slot = _segment.FirstSlot + Rows;
            if (_slot >= _layout.Rows)
            {
                throw new InvalidDatasetFileException(_path, $"the file has more rows than the {_layout.Rows} it had when it was opened: it changed while being read.", line: _line);
            }

            if (row.ColCount != _layout.Columns)
            {
                throw WrongColumns(row.ColCount);
            }

            if (_layout.IsTable || !_layout.IsLabelFirst)
            {
                ParseTableRow(row);
            }
            else
            {
                ParsePixelRow(row, span);
            }

            Rows++;
        }

        if (Rows != _segment.Rows)
        {
            throw new InvalidDatasetFileException(_path, $"the part of the file from line {_segment.Line} has {Rows} rows now but had {_segment.Rows} when it was opened: it changed while being read.", line: _line);
        }
    }

    /// <summary>Maps every value stored through the pixel table back to its integer, once the file is known to hold scaled values.</summary>
    public void RevertToRaw()
    {
        fixed (float* values = _values)
        {
            StoreRaw(values + ((long)(_segment.FirstSlot + Rows) * _layout.Features));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ParsePixelRow(SepReader.Row row, ReadOnlySpan<char> span)
    {
        int features = _layout.Features;
        int column = _labels is null ? 0 : 1;
        uint bits = 0;
        bool fraction = false, outsideUnit = false, notPixel = false;
        fixed (char* first = span)
        fixed (float* values = _values)
        fixed (float* identity = _identity)
        fixed (float* pixels = _pixelTable)
        {
            float* destination = values + ((long)_slot * features);
            char* p = first;
            char* end = first + span.Length;
            bool plain = true;
            if (_labels is not null)
            {
                _labels[_slot] = ParsePixelLabel(row, ref p, end, ref plain);
            }

            int f = 0;
            while (f < features)
            {
                if (plain)
                {
                    f = ParseSimpleCells(ref p, end, destination, f, features - 1, IsRaw ? identity : pixels, _delimiter, ref bits);
                    if (f >= features)
                    {
                        break;
                    }
                }

                // The slow path takes this cell from Sep; the fast path resumes after it unless it holds a quote.
                ParseCell(row[column + f], column + f + 1, destination + f, ref fraction, ref outsideUnit, ref notPixel, ref bits);
                f++;
                plain = plain && SkipCell(ref p, end, _delimiter);
            }
        }

        Classify(bits, fraction, outsideUnit, notPixel);
    }

    /// <summary>Moves <paramref name="p"/> past the cell it is at and its delimiter; false when the cell holds a quote (Sep's columns then differ from plain splitting, so the rest of the row is taken from Sep).</summary>
    private static bool SkipCell(ref char* p, char* end, char delimiter)
    {
        char* q = p;
        while (q < end && *q != delimiter)
        {
            if (*q == '"')
            {
                return false;
            }

            q++;
        }

        p = q < end ? q + 1 : q;
        return true;
    }

    /// <summary>The fast path: parses cells from <paramref name="cursor"/> while they are integers 0–255 of at most three digits; returns the index of the first cell it did not take (<paramref name="last"/> + 1 when the row is done).</summary>
    /// <remarks>
    /// A method of its own with few live values, so that they stay in registers. Compiled optimized at once, like the other
    /// hot loops: a file is usually read once, and tiered compilation would parse much of it with unoptimized code.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ParseSimpleCells(ref char* cursor, char* end, float* row, int f, int last, float* table, char delimiter, ref uint bits)
    {
        char* p = cursor;
        uint seen = bits;
        Vector256<ushort> zeros16 = Vector256.Create((uint)('0' | (delimiter << 16))).AsUInt16();
        for (; f <= last; f++)
        {
            // Runs of "0," (most of an MNIST row): 16 cells per two 32-byte compares, then 8 per one. Every cell of a
            // run is followed by a delimiter, so none may be the row's last (which is followed by the row's end).
            if (*p == '0' && Vector256.IsHardwareAccelerated && p + 16 <= end)
            {
                Vector256<float> zero = Vector256.Create(table[0]);
                while (f + 16 <= last && p + 32 <= end && Vector256.Load((ushort*)p) == zeros16 && Vector256.Load((ushort*)p + 16) == zeros16)
                {
                    zero.Store(row + f);
                    zero.Store(row + f + 8);
                    f += 16;
                    p += 32;
                }

                if (f + 8 <= last && p + 16 <= end && Vector256.Load((ushort*)p) == zeros16)
                {
                    zero.Store(row + f);
                    f += 8;
                    p += 16;
                }
            }

            if (p >= end)
            {
                break;
            }

            char* q = p;
            uint value = (uint)(*q - '0');
            if (value > 9)
            {
                break;
            }

            if (++q < end)
            {
                uint digit = (uint)(*q - '0');
                if (digit <= 9)
                {
                    value = (value * 10) + digit;
                    if (++q < end)
                    {
                        digit = (uint)(*q - '0');
                        if (digit <= 9)
                        {
                            value = (value * 10) + digit;
                            q++;
                        }
                    }
                }
            }

            if (value > 255)
            {
                break;
            }

            if (f != last)
            {
                if (q >= end || *q != delimiter)
                {
                    break;
                }

                p = q + 1;
            }
            else
            {
                if (q != end)
                {
                    break;
                }

                p = q;
            }

            row[f] = table[value];
            seen |= value;
        }

        cursor = p;
        bits = seen;
        return f;
    }

    private int ParsePixelLabel(SepReader.Row row, ref char* p, char* end, ref bool plain)
    {
        char* q = p;
        uint label = 0;
        while (_classIndex is null && q < end && q - p < 6 && (uint)(*q - '0') <= 9)
        {
            label = (label * 10) + (uint)(*q - '0');
            q++;
        }

        if (q > p && q < end && *q == _delimiter)
        {
            p = q + 1;
        }
        else
        {
            label = (uint)ClassOf(row[0].Span, 1);
            plain = SkipCell(ref p, end, _delimiter);
        }

        if (label >= (uint)(_options.ClassCount ?? _options.ClassNames?.Count ?? Dataset.MaxClassCount))
        {
            throw LabelOutOfRange((int)label, 1);
        }

        return (int)label;
    }

    /// <summary>The class of a label cell that is not a plain index: a class name, or a whole number written otherwise.</summary>
    private int ClassOf(ReadOnlySpan<char> cell, int column)
    {
        ReadOnlySpan<char> clean = CsvCells.Clean(cell);
        if (_classIndex is not null && _classIndex.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(clean, out int named))
        {
            return named;
        }

        if (!CsvCells.TryParseNumber(clean, out float value) || !(value >= 0) || value != MathF.Floor(value) || value > (1 << 24))
        {
            string names = _classIndex is null ? "" : $" or one of the {_classIndex.Count} class names ({string.Join(", ", _options.ClassNames!.Take(10).Select(CsvCells.Escape))}{(_classIndex.Count > 10 ? ", ..." : "")})";
            throw new InvalidDatasetFileException(_path, $"expected a class label (a whole number, 0 or more{names}) but found {CsvCells.Quote(cell)}.", line: _line, column: column, record: _slot);
        }

        return (int)value;
    }

    private InvalidDatasetFileException LabelOutOfRange(int label, int column)
    {
        string expected = _options.ClassCount is int count
            ? $"one of the {count} classes [0, {count - 1}]"
            : _options.ClassNames is { } names
                ? $"one of the {names.Count} named classes [0, {names.Count - 1}]"
                : $"a class index below {Dataset.MaxClassCount} (a larger label would make an absurd output layer: is this the label column? for a numeric target use Task = Regression)";
        return new InvalidDatasetFileException(_path, $"label {label.ToString(CultureInfo.InvariantCulture)} is outside the class range; expected {expected}.", line: _line, column: column, record: _slot);
    }

    /// <summary>The slow path of a pixel file: any cell the fast path did not take.</summary>
    private void ParseCell(SepReader.Col col, int column, float* destination, ref bool fraction, ref bool outsideUnit, ref bool notPixel, ref uint bits)
    {
        ReadOnlySpan<char> cell = col.Span;
        if (!CsvCells.TryParseNumber(cell, out float value))
        {
            throw new InvalidDatasetFileException(_path, $"expected a number (a pixel 0-255 or a finite scaled value) but found {CsvCells.Quote(cell)}.{CsvCells.DelimiterHint(cell, _delimiter)}", line: _line, column: column, record: _slot);
        }

        if (value != MathF.Floor(value))
        {
            SawFraction = true;
            fraction = true;
            outsideUnit |= value is < 0 or > 1;
            if (_options.ValuesAreScaled == false)
            {
                throw new InvalidDatasetFileException(_path, $"expected an integer pixel 0-255 (the values were declared unscaled) but found {CsvCells.Quote(cell)}.", line: _line, column: column, record: _slot);
            }

            StoreRaw(destination);
            *destination = value;
        }
        else if (value is < 0 or > 255)
        {
            OutOfRange(cell, column, value);
            outsideUnit = true;
            notPixel = true;
            StoreRaw(destination);
            *destination = value;
        }
        else
        {
            bits |= (uint)value;
            *destination = IsRaw ? value : _pixelTable![(int)value];
        }
    }

    private void Classify(uint bits, bool fraction, bool outsideUnit, bool notPixel)
    {
        bool aboveOne = (bits & ~1u) != 0;
        if (!fraction && !notPixel && aboveOne)
        {
            FirstPixelRecord ??= (_slot, _line);
        }
        else if (fraction && !outsideUnit && !aboveOne)
        {
            FirstUnitRecord ??= (_slot, _line);
        }
    }

    /// <summary>A table row (or a pixel file whose label is not first): the label by its column, each feature by its column, all values as written.</summary>
    private void ParseTableRow(SepReader.Row row)
    {
        int features = _layout.Features;
        Span<float> destination = _values.AsSpan(_slot * features, features);
        int[] columns = _layout.FeatureColumns;
        bool fraction = false, outsideUnit = false, notPixel = false;
        uint bits = 0;
        for (int f = 0; f < features; f++)
        {
            int c = columns[f];
            if (_layout.IsTable)
            {
                destination[f] = TableValue(row[c].Span, c);
            }
            else
            {
                fixed (float* cell = &destination[f])
                {
                    ParseCell(row[c], c + 1, cell, ref fraction, ref outsideUnit, ref notPixel, ref bits);
                }
            }
        }

        if (!_layout.IsTable)
        {
            Classify(bits, fraction, outsideUnit, notPixel);
        }

        if (_labels is not null || Targets is not null)
        {
            ParseTableLabel(row[_layout.LabelColumn].Span, _layout.LabelColumn);
        }
    }

    private float TableValue(ReadOnlySpan<char> cell, int column)
    {
        if (CsvCells.TryParseNumber(cell, out float value))
        {
            return value;
        }

        string name = _layout.ColumnName(column);
        string problem = CsvCells.Clean(cell).IsEmpty
            ? $"feature column {column + 1}{name} is empty; expected a number (missing values are not filled in: fill or drop them first)."
            : $"expected a number in feature column {column + 1}{name} but found {CsvCells.Quote(cell)}{(float.TryParse(CsvCells.Clean(cell), NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? " (not finite)" : "")}.{CsvCells.DelimiterHint(cell, _delimiter)}";
        if (_options.FeatureColumns is null && !CsvCells.Clean(cell).IsEmpty && !float.TryParse(CsvCells.Clean(cell), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            problem += $" If the column is the label, pass LabelColumn = \"{CsvCells.Escape(_layout.HeaderNames?[column] ?? (column + 1).ToString(CultureInfo.InvariantCulture))}\"; to leave it out, list the feature columns in FeatureColumns.";
        }

        throw new InvalidDatasetFileException(_path, problem, line: _line, column: column + 1, record: _slot);
    }

    private void ParseTableLabel(ReadOnlySpan<char> cell, int column)
    {
        ReadOnlySpan<char> clean = CsvCells.Clean(cell);
        string name = _layout.ColumnName(column);
        if (clean.IsEmpty)
        {
            throw new InvalidDatasetFileException(_path, $"the label (column {column + 1}{name}) is empty; every row needs one.", line: _line, column: column + 1, record: _slot);
        }

        if (Targets is not null)
        {
            if (!CsvCells.TryParseNumber(clean, out float target))
            {
                throw new InvalidDatasetFileException(_path, $"expected a finite number as the regression target (column {column + 1}{name}) but found {CsvCells.Quote(cell)}.", line: _line, column: column + 1, record: _slot);
            }

            Targets[_slot] = target;
            return;
        }

        if (_classIndex is not null)
        {
            int label = ClassOf(cell, column + 1);
            if (label >= _classIndex.Count)
            {
                throw new InvalidDatasetFileException(_path, $"label {CsvCells.Quote(cell)} is not one of the {_classIndex.Count} classes ({string.Join(", ", _options.ClassNames!.Take(10).Select(CsvCells.Escape))}{(_classIndex.Count > 10 ? ", ..." : "")}).", line: _line, column: column + 1, record: _slot);
            }

            _labels![_slot] = label;
            return;
        }

        if (_options.ClassCount is int classes && CsvCells.TryParseNumber(clean, out float index) && index == MathF.Floor(index) && index >= classes)
        {
            throw LabelOutOfRange((int)Math.Min(index, int.MaxValue), column + 1);
        }

        // Detected later from all the labels: remember this part's number for the text.
        var lookup = LocalLabels.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(clean, out int id))
        {
            if (LocalLabels.Count >= Dataset.MaxClassCount && (!CsvCells.TryParseNumber(clean, out float v) || v != MathF.Floor(v)))
            {
                throw new InvalidDatasetFileException(_path, $"the label column{name} holds more than {Dataset.MaxClassCount} distinct values, more classes than a dataset may have; for a numeric target use Task = Regression.", line: _line, column: column + 1, record: _slot);
            }

            id = LocalLabels.Count;
            string text = clean.ToString();
            LocalLabels[text] = id;
            LabelTexts.Add(text);
        }

        _labels![_slot] = id;
    }

    /// <summary>Switches to storing raw values, mapping every value this parser stored before <paramref name="next"/> back to its pixel.</summary>
    private void StoreRaw(float* next)
    {
        if (IsRaw)
        {
            return;
        }

        var pixels = new Dictionary<float, float>(256);
        for (int v = 0; v < 256; v++)
        {
            pixels[_pixelTable![v]] = v;
        }

        fixed (float* values = _values)
        {
            for (float* value = values + ((long)_segment.FirstSlot * _layout.Features); value < next; value++)
            {
                if (pixels.TryGetValue(*value, out float pixel))
                {
                    *value = pixel;
                }
            }
        }

        IsRaw = true;
    }

    private void OutOfRange(ReadOnlySpan<char> cell, int column, float value)
    {
        if (_options.ValuesAreScaled == true || FirstOutOfRange is not null)
        {
            return;
        }

        // Remembered, not thrown: a later value with a fraction makes this a file of scaled values, where any value is fine.
        FirstOutOfRange = new InvalidDatasetFileException(
            _path,
            $"pixel {CsvCells.Quote(cell)} ({value.ToString(CultureInfo.InvariantCulture)}) is outside 0-255; expected integer pixels 0-255, or already-scaled values with fractions.",
            line: _line,
            column: column,
            record: _slot);
        if (_options.ValuesAreScaled == false)
        {
            throw FirstOutOfRange;
        }
    }

    private InvalidDatasetFileException WrongColumns(int found) =>
        new(
            _path,
            $"the row has {found} column{(found == 1 ? "" : "s")}; expected {_layout.Describe()}, as the {(_layout.HasHeader ? "header" : "first row")} has.",
            line: _line,
            record: _slot);
}
