using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NeuralNet.Preprocessing;

namespace NeuralNet.Data;

/// <summary>The second pass over (a part of) a CSV file: parses rows of bytes straight into the sample matrix's storage.</summary>
/// <remarks>
/// <para>The common cell, an integer of one to three digits, takes a fast path of a few instructions per byte on
/// pointers, with no bounds checks: every line in the buffer is followed by a byte that ends it (its '\n' or '\r', or a
/// sentinel written after the last line), so digit scans stop without comparing against the end. Anything else (signs,
/// decimals, exponents, spaces, quotes, errors) goes through <see cref="float.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out float)"/>.</para>
/// <para>Pixels are scaled as they are stored, through a 256-entry table computed like <see cref="InputScaling.Apply(ReadOnlySpan{float}, Span{float})"/>.
/// Whether a file holds integer pixels or already-scaled floats is only certain at its end: the first cell written with a
/// decimal point (or an integer outside 0–255) turns the table into the identity and maps the values stored so far back
/// to their integers, exactly, through the table's inverse. A per-feature scaling cannot be a table; it is applied at the end.</para>
/// <para>Several parsers may fill one matrix at once, each from its own part of the file: a row goes to the slot of its
/// line number (line − <see cref="CsvLayout.FirstDataLine"/>), and a blank line leaves a hole that
/// <see cref="CsvReader"/> closes afterwards. A parser stops at its part's first error, so the earliest error of the
/// earliest part is the file's first.</para>
/// </remarks>
internal sealed unsafe class CsvRowParser
{
    private static readonly float[] _identity = Enumerable.Range(0, 256).Select(v => (float)v).ToArray();
    private readonly string _path;
    private readonly CsvLayout _layout;
    private readonly byte _delimiter;
    private readonly bool? _valuesAreScaled;
    private readonly int? _classCount;
    private readonly float[] _values;
    private readonly int[]? _labels;
    private readonly float[]? _pixelTable;
    private readonly long _firstSlot;
    private long _line;
    private long _slot;
    private long _endSlot;

    /// <summary>Creates a parser for the part of a file that starts at line <paramref name="firstLine"/>, writing into shared arrays.</summary>
    /// <param name="path">The file, for messages.</param>
    /// <param name="layout">What the first pass learned.</param>
    /// <param name="options">The reader's options.</param>
    /// <param name="delimiter">The cell separator.</param>
    /// <param name="values">The matrix storage: a slot of <see cref="CsvLayout.Features"/> values per line from the first data line on.</param>
    /// <param name="labels">A label per slot, or null for unlabelled files.</param>
    /// <param name="pixelTable">The scaled value of each pixel 0–255, or null to store raw values.</param>
    /// <param name="firstLine">The number of the part's first line.</param>
    public CsvRowParser(string path, CsvLayout layout, CsvOptions options, byte delimiter, float[] values, int[]? labels, float[]? pixelTable, long firstLine)
    {
        _path = path;
        _layout = layout;
        _delimiter = delimiter;
        _valuesAreScaled = options.ValuesAreScaled;
        _classCount = options.ClassCount;
        _values = values;
        _labels = labels;
        _pixelTable = pixelTable;
        IsRaw = pixelTable is null;
        _line = firstLine - 1;
        _firstSlot = Math.Max(0, firstLine - layout.FirstDataLine);
        _endSlot = _firstSlot;
    }

    /// <summary>Whether a cell was written with a decimal point or an exponent.</summary>
    public bool SawFraction { get; private set; }

    /// <summary>Whether values are stored raw (else through the pixel table).</summary>
    public bool IsRaw { get; private set; }

    /// <summary>The first integer outside 0–255: an error unless the file turns out to hold scaled values.</summary>
    public InvalidDatasetFileException? FirstOutOfRange { get; private set; }

    /// <summary>Rows parsed.</summary>
    public int Rows { get; private set; }

    /// <summary>The slots of blank lines, in order.</summary>
    public List<long> Holes { get; } = [];

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

    /// <summary>Parses the lines in the next <paramref name="length"/> bytes of <paramref name="stream"/> (all of them for <see cref="long.MaxValue"/>).</summary>
    public void Parse(Stream stream, long length) => CsvLineSplitter.Split(stream, length, _path, ParseLine);

    /// <summary>Maps every value this parser stored through the pixel table back to its pixel, for a file that turned out to hold scaled values.</summary>
    public void RevertToRaw()
    {
        fixed (float* values = _values)
        {
            StoreRaw(values + (_endSlot * _layout.Features));
        }
    }

    /// <summary>Parses one line (without its '\n'); the byte after it in memory must exist and be neither a digit nor the delimiter.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ParseLine(ReadOnlySpan<byte> line)
    {
        _line++;
        if (_line == 1 && line.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
        }

        line = CsvCells.TrimEnd(line);
        if (_line < _layout.FirstDataLine)
        {
            // Blank lines and the header, as the first pass found them.
            return;
        }

        _slot = _line - _layout.FirstDataLine;
        if (_slot >= _layout.MaxRows)
        {
            throw new InvalidDatasetFileException(_path, $"the file has more lines than the {_layout.MaxRows + _layout.FirstDataLine - 1} it had when it was opened: it changed while being read.", line: _line);
        }

        _endSlot = _slot + 1;

        if (CsvCells.IsBlank(line))
        {
            Holes.Add(_slot);
            return;
        }

        fixed (byte* first = line)
        fixed (float* values = _values)
        fixed (float* identity = _identity)
        fixed (float* pixels = _pixelTable)
        {
            byte* p = first;
            byte* end = first + line.Length;
            byte delimiter = _delimiter;
            int features = _layout.Features;
            int last = features - 1;
            int column = 1;
            if (_labels is not null)
            {
                _labels[_slot] = ParseLabel(line, ref p, first, end);
                column = 2;
            }

            float* row = values + (_slot * features);
            int f = 0;
            while (true)
            {
                f = ParseSimpleCells(ref p, end, row, f, last, IsRaw ? identity : pixels, delimiter);
                if (f > last)
                {
                    break;
                }

                p = ParseCell(line, first, p, end, f == last, column + f, row + f);
                f++;
            }
        }

        Rows++;
    }

    /// <summary>The fast path: parses cells from <paramref name="cursor"/> while they are integers 0–255 of at most three digits in a row of the right width; returns the index of the first cell it did not take (past <paramref name="last"/> when the row is done).</summary>
    /// <remarks>
    /// A method of its own with few live values, so that they all stay in registers. Like the other hot loops it is
    /// compiled optimized at once: a file is usually read once, and tiered compilation would parse much of it with
    /// unoptimized code (where vector operations are calls).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ParseSimpleCells(ref byte* cursor, byte* end, float* row, int f, int last, float* table, byte delimiter)
    {
        byte* p = cursor;
        Vector256<byte> zeros32 = Vector256.Create((ushort)('0' | (delimiter << 8))).AsByte();
        for (; f <= last; f++)
        {
            // Runs of "0," (most of an MNIST row): 16 cells per 32-byte compare, then 8 per 16 bytes. Every cell
            // of a run is followed by a delimiter, so none may be the row's last (which is followed by the line end).
            if (*p == (byte)'0' && Vector256.IsHardwareAccelerated)
            {
                Vector256<float> zero = Vector256.Create(table[0]);
                while (f + 16 <= last && p + 32 <= end && Vector256.Load(p) == zeros32)
                {
                    zero.Store(row + f);
                    zero.Store(row + f + 8);
                    f += 16;
                    p += 32;
                }

                if (f + 8 <= last && p + 16 <= end && Vector128.Load(p) == zeros32.GetLower())
                {
                    zero.Store(row + f);
                    f += 8;
                    p += 16;
                }
            }

            byte* q = p;
            uint value = (uint)(*q - '0');
            if (value > 9)
            {
                break;
            }

            uint digit = (uint)(*++q - '0');
            if (digit <= 9)
            {
                value = (value * 10) + digit;
                digit = (uint)(*++q - '0');
                if (digit <= 9)
                {
                    value = (value * 10) + digit;
                    q++;
                }
            }

            if (*q == delimiter && f != last && value <= 255)
            {
                row[f] = table[value];
                p = q + 1;
            }
            else if (q == end && f == last && value <= 255)
            {
                row[f] = table[value];
                p = q;
            }
            else
            {
                break;
            }
        }

        cursor = p;
        return f;
    }

    private int ParseLabel(ReadOnlySpan<byte> line, ref byte* p, byte* first, byte* end)
    {
        byte* q = p;
        uint label = 0;
        uint digit;
        while ((digit = (uint)(*q - '0')) <= 9 && q - p < 9)
        {
            label = (label * 10) + digit;
            q++;
        }

        if (q == p || *q != _delimiter)
        {
            while (q < end && *q != _delimiter)
            {
                q++;
            }

            ReadOnlySpan<byte> cell = line[(int)(p - first)..(int)(q - first)];
            if (!CsvCells.TryParseNumber(cell, out float value, out _) || !(value >= 0) || value != MathF.Floor(value) || value > (1 << 24))
            {
                throw new InvalidDatasetFileException(_path, $"expected a class label (a whole number, 0 or more) but found {CsvCells.Quote(cell)}.", line: _line, column: 1, record: _slot);
            }

            label = (uint)value;
        }

        if (label >= _classCount)
        {
            throw new InvalidDatasetFileException(_path, $"label {label} is outside the class range; expected one of the {_classCount} classes [0, {_classCount - 1}].", line: _line, column: 1, record: _slot);
        }

        if (q == end)
        {
            throw WrongColumns(line);
        }

        p = q + 1;
        return (int)label;
    }

    /// <summary>The slow path: any cell the fast path did not take, or a row of the wrong width. Returns where the next cell starts.</summary>
    private byte* ParseCell(ReadOnlySpan<byte> line, byte* first, byte* p, byte* end, bool isLast, int column, float* destination)
    {
        byte* q = p;
        while (q < end && *q != _delimiter)
        {
            q++;
        }

        if (isLast != (q == end))
        {
            throw WrongColumns(line);
        }

        ReadOnlySpan<byte> cell = line[(int)(p - first)..(int)(q - first)];
        if (!CsvCells.TryParseNumber(cell, out float value, out bool integral))
        {
            throw new InvalidDatasetFileException(_path, $"expected a number (a pixel 0-255 or a finite scaled value) but found {CsvCells.Quote(cell)}.", line: _line, column: column, record: _slot);
        }

        if (!integral)
        {
            SawFraction = true;
            if (_valuesAreScaled == false)
            {
                throw new InvalidDatasetFileException(_path, $"expected an integer pixel 0-255 (the values were declared unscaled) but found {CsvCells.Quote(cell)}.", line: _line, column: column, record: _slot);
            }

            StoreRaw(destination);
            *destination = value;
        }
        else if (value is < 0 or > 255)
        {
            OutOfRange(cell, column, value);
            StoreRaw(destination);
            *destination = value;
        }
        else
        {
            *destination = IsRaw ? value : _pixelTable![(int)value];
        }

        return isLast ? q : q + 1;
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
            // The slots of blank lines hold whatever the fresh array held: they are skipped when found, and dropped later.
            for (float* value = values + (_firstSlot * _layout.Features); value < next; value++)
            {
                if (pixels.TryGetValue(*value, out float pixel))
                {
                    *value = pixel;
                }
            }
        }

        IsRaw = true;
    }

    private void OutOfRange(ReadOnlySpan<byte> cell, int column, float value)
    {
        if (_valuesAreScaled == true || FirstOutOfRange is not null)
        {
            return;
        }

        // Remembered, not thrown: a later cell with a decimal point makes this a file of scaled values, where any value is fine.
        FirstOutOfRange = new InvalidDatasetFileException(
            _path,
            $"pixel {CsvCells.Quote(cell)} ({value.ToString(CultureInfo.InvariantCulture)}) is outside 0-255; expected integer pixels 0-255, or already-scaled values written with a decimal point.",
            line: _line,
            column: column,
            record: _slot);
        if (_valuesAreScaled == false)
        {
            throw FirstOutOfRange;
        }
    }

    private InvalidDatasetFileException WrongColumns(ReadOnlySpan<byte> line)
    {
        int found = line.Count(_delimiter) + 1;
        return new InvalidDatasetFileException(
            _path,
            $"the row has {found} column{(found == 1 ? "" : "s")}; expected {_layout.Describe()}, as the {(_layout.HasHeader ? "header" : "first row")} has.",
            line: _line,
            record: _slot);
    }
}
