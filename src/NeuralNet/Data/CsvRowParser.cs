using System.Buffers;
using System.Globalization;
using System.Text;
using MathNet.Numerics.LinearAlgebra;

namespace NeuralNet.Data;

/// <summary>The second pass over a CSV file: parses rows of bytes straight into the sample matrix's storage.</summary>
/// <remarks>
/// The common cell, an integer of one to three digits, takes a fast path of a few instructions per byte; anything else
/// (signs, decimals, exponents, spaces, quotes) goes through <see cref="float.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out float)"/>.
/// Values are stored raw and scaled once at the end, because whether the file holds integer pixels or already-scaled
/// floats is only known when every cell has been seen.
/// </remarks>
internal sealed class CsvRowParser
{
    private readonly string _path;
    private readonly CsvLayout _layout;
    private readonly byte _delimiter;
    private readonly bool? _valuesAreScaled;
    private readonly int? _classCount;
    private readonly float[] _values;
    private readonly int[]? _labels;
    private int _rows;
    private long _line;
    private bool _headerSkipped;
    private bool _sawFraction;
    private InvalidDatasetFileException? _firstOutOfRange;

    public CsvRowParser(string path, CsvLayout layout, CsvOptions options, byte delimiter)
    {
        _path = path;
        _layout = layout;
        _delimiter = delimiter;
        _valuesAreScaled = options.ValuesAreScaled;
        _classCount = options.ClassCount;
        (options.Scaling ?? InputScaling.UnitRange).CheckFeatures(layout.Features);
        _values = GC.AllocateUninitializedArray<float>(layout.MaxRows * layout.Features);
        _labels = layout.HasLabels ? new int[layout.MaxRows] : null;
    }

    /// <summary>Whether a line holds nothing but spaces and tabs.</summary>
    public static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t"u8) < 0;

    /// <summary>The line without a trailing carriage return (files written on Windows).</summary>
    public static ReadOnlySpan<byte> TrimEnd(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    /// <summary>The cell without surrounding double quotes.</summary>
    public static ReadOnlySpan<byte> Unquote(ReadOnlySpan<byte> cell) =>
        cell.Length >= 2 && cell[0] == (byte)'"' && cell[^1] == (byte)'"' ? cell[1..^1] : cell;

    /// <summary>Parses a cell as a finite float32 and tells whether it was written as an integer (no decimal point or exponent).</summary>
    public static bool TryParseNumber(ReadOnlySpan<byte> cell, out float value, out bool integral)
    {
        cell = Unquote(cell.Trim(" \t"u8)).Trim(" \t"u8);
        integral = cell.IndexOfAny(".eE"u8) < 0;
        return float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);
    }

    /// <summary>Parses every line of <paramref name="stream"/>.</summary>
    public void Parse(Stream stream)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(DatasetFile.ChunkSize);
        int start = 0;
        int end = 0;
        long consumed = 0;
        bool endOfStream = false;
        try
        {
            while (true)
            {
                int newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    ParseLine(buffer.AsSpan(start, newline));
                    start += newline + 1;
                    continue;
                }

                if (endOfStream)
                {
                    if (end > start)
                    {
                        ParseLine(buffer.AsSpan(start, end - start));
                    }

                    return;
                }

                // Keep the partial line at the front and read more behind it; a line longer than the buffer doubles it.
                int partial = end - start;
                if (partial == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(start, partial).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                else if (start > 0)
                {
                    buffer.AsSpan(start, partial).CopyTo(buffer);
                }

                start = 0;
                end = partial;
                int wanted = buffer.Length - end;
                int read = DatasetFile.Fill(stream, buffer.AsSpan(end, wanted), _path, consumed);
                consumed += read;
                end += read;
                endOfStream = read < wanted;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Scales the values (unless they were already scaled) and wraps them as a dataset.</summary>
    public Dataset ToDataset(CsvOptions options)
    {
        if (_rows == 0)
        {
            throw new InvalidDatasetFileException(_path, "the file has a header but no data rows; expected at least one row after it.", line: _line);
        }

        bool scaled = _valuesAreScaled ?? _sawFraction;
        if (!scaled && _firstOutOfRange is not null)
        {
            throw _firstOutOfRange;
        }

        InputScaling scaling = scaled ? InputScaling.None : options.Scaling ?? InputScaling.UnitRange;
        int features = _layout.Features;
        float[] values = _rows == _layout.MaxRows ? _values : _values.AsSpan(0, _rows * features).ToArray();
        int[]? labels = _labels is null || _rows == _labels.Length ? _labels : _labels[.._rows];
        Matrix<float> inputs = Matrix<float>.Build.Dense(features, _rows, values);
        if (!scaling.IsIdentity)
        {
            scaling.Apply(inputs, inputs);
        }

        return new Dataset(inputs, labels, options.ClassCount, scaling);
    }

    private void ParseLine(ReadOnlySpan<byte> line)
    {
        _line++;
        if (_line == 1 && line.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
        }

        line = TrimEnd(line);
        if (IsBlank(line))
        {
            return;
        }

        if (_layout.HasHeader && !_headerSkipped)
        {
            _headerSkipped = true;
            return;
        }

        if (_rows == _layout.MaxRows)
        {
            throw new InvalidDatasetFileException(_path, $"the file has more rows than the {_layout.MaxRows} it had when it was opened: it changed while being read.", line: _line);
        }

        int position = 0;
        int column = 1;
        if (_labels is not null)
        {
            _labels[_rows] = ParseLabel(line, ref position);
            column++;
            if (position == line.Length)
            {
                throw WrongColumns(line);
            }

            position++;
        }

        Span<float> row = _values.AsSpan(_rows * _layout.Features, _layout.Features);
        for (int feature = 0; feature < row.Length; feature++, column++)
        {
            int p = position;
            uint value = 0;
            while (p < line.Length && p - position < 3)
            {
                uint digit = (uint)(line[p] - '0');
                if (digit > 9)
                {
                    break;
                }

                value = (value * 10) + digit;
                p++;
            }

            if (p > position && (p == line.Length || line[p] == _delimiter))
            {
                // The fast path: one to three digits and the end of the cell.
                row[feature] = value;
                if (value > 255)
                {
                    OutOfRange(line[position..p], column, value);
                }
            }
            else
            {
                p = ParseCell(line, position, column, out row[feature]);
            }

            if (feature < row.Length - 1)
            {
                if (p == line.Length)
                {
                    throw WrongColumns(line);
                }

                position = p + 1;
            }
            else if (p != line.Length)
            {
                throw WrongColumns(line);
            }
        }

        _rows++;
    }

    private int ParseLabel(ReadOnlySpan<byte> line, ref int position)
    {
        int end = line.IndexOf(_delimiter);
        end = end < 0 ? line.Length : end;
        ReadOnlySpan<byte> cell = line[..end];
        int label;
        if (cell.Length is > 0 and <= 9 && cell.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0)
        {
            label = int.Parse(cell, CultureInfo.InvariantCulture);
        }
        else if (TryParseNumber(cell, out float value, out _) && value >= 0 && value == MathF.Floor(value) && value <= (1 << 24))
        {
            label = (int)value;
        }
        else
        {
            throw new InvalidDatasetFileException(_path, $"expected a class label (a whole number, 0 or more) but found {Quote(cell)}.", line: _line, column: 1, record: _rows);
        }

        if (label >= _classCount)
        {
            throw new InvalidDatasetFileException(_path, $"label {label} is outside the class range; expected one of the {_classCount} classes [0, {_classCount - 1}].", line: _line, column: 1, record: _rows);
        }

        position = end;
        return label;
    }

    private int ParseCell(ReadOnlySpan<byte> line, int position, int column, out float value)
    {
        int end = line[position..].IndexOf(_delimiter);
        end = end < 0 ? line.Length : position + end;
        ReadOnlySpan<byte> cell = line[position..end];
        if (!TryParseNumber(cell, out value, out bool integral))
        {
            throw new InvalidDatasetFileException(_path, $"expected a number (a pixel 0-255 or a finite scaled value) but found {Quote(cell)}.", line: _line, column: column, record: _rows);
        }

        if (!integral)
        {
            _sawFraction = true;
            if (_valuesAreScaled == false)
            {
                throw new InvalidDatasetFileException(_path, $"expected an integer pixel 0-255 (the values were declared unscaled) but found {Quote(cell)}.", line: _line, column: column, record: _rows);
            }
        }
        else if (value is < 0 or > 255)
        {
            OutOfRange(cell, column, value);
        }

        return end;
    }

    private void OutOfRange(ReadOnlySpan<byte> cell, int column, float value)
    {
        if (_valuesAreScaled == true || _firstOutOfRange is not null)
        {
            return;
        }

        // Remembered, not thrown: a later cell with a decimal point makes this a file of scaled values, where any value is fine.
        _firstOutOfRange = new InvalidDatasetFileException(
            _path,
            $"pixel {Quote(cell)} ({value.ToString(CultureInfo.InvariantCulture)}) is outside 0-255; expected integer pixels 0-255, or already-scaled values written with a decimal point.",
            line: _line,
            column: column,
            record: _rows);
        if (_valuesAreScaled == false)
        {
            throw _firstOutOfRange;
        }
    }

    private InvalidDatasetFileException WrongColumns(ReadOnlySpan<byte> line)
    {
        int found = line.Count(_delimiter) + 1;
        return new InvalidDatasetFileException(
            _path,
            $"the row has {found} column{(found == 1 ? "" : "s")}; expected {_layout.Describe()}, as the {(_layout.HasHeader ? "header" : "first row")} has.",
            line: _line,
            record: _rows);
    }

    private static string Quote(ReadOnlySpan<byte> cell)
    {
        if (cell.IsEmpty)
        {
            return "an empty cell";
        }

        string text = Encoding.UTF8.GetString(cell.Length > 40 ? cell[..40] : cell);
        return $"'{text}{(cell.Length > 40 ? "..." : "")}'";
    }
}
