using System.Globalization;
using System.Text;
using nietras.SeparatedValues;

namespace NeuralNet.Data;

/// <summary>Small helpers on CSV cells: cleaning, culture-invariant numbers, and quoting them safely in messages.</summary>
internal static class CsvCells
{
    /// <summary>Cells longer than this are cut in messages (saying how long they were).</summary>
    private const int MaxShown = 40;

    /// <summary>The cell without surrounding spaces, tabs and double quotes (and the spaces inside the quotes).</summary>
    public static ReadOnlySpan<char> Clean(ReadOnlySpan<char> cell)
    {
        cell = cell.Trim(" \t");
        if (cell.Length >= 2 && cell[0] == '"' && cell[^1] == '"')
        {
            cell = cell[1..^1].Trim(" \t");
        }

        return cell;
    }

    /// <summary>Parses a cell as a finite float32, culture-invariantly (a comma is never a decimal point).</summary>
    public static bool TryParseNumber(ReadOnlySpan<char> cell, out float value) =>
        float.TryParse(Clean(cell), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);

    /// <summary>The cells of one line, split with quotes honoured.</summary>
    public static string[] SplitLine(ReadOnlySpan<byte> line, char delimiter)
    {
        string text = Encoding.UTF8.GetString(line);
        using SepReader reader = Sep.Reader(o => o with { Sep = new Sep(delimiter), HasHeader = false, DisableColCountCheck = true, Unescape = true }).FromText(text);
        if (!reader.MoveNext())
        {
            return [""];
        }

        SepReader.Row row = reader.Current;
        string[] cells = new string[row.ColCount];
        for (int i = 0; i < cells.Length; i++)
        {
            cells[i] = row[i].ToString();
        }

        return cells;
    }

    /// <summary>The cell as it reads in a message: quoted, escaped, cut, or "an empty cell".</summary>
    public static string Quote(ReadOnlySpan<char> cell) => cell.IsEmpty ? "an empty cell" : $"'{Escape(cell)}'";

    /// <summary>Text from a file made safe for a terminal: control characters (and escape sequences, which start with one) as <c>\xNN</c>, and anything past 40 characters cut, saying how long it was.</summary>
    public static string Escape(ReadOnlySpan<char> text)
    {
        var shown = new StringBuilder(Math.Min(text.Length, MaxShown) + 16);
        ReadOnlySpan<char> head = text.Length > MaxShown ? text[..MaxShown] : text;
        foreach (char c in head)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029' || char.IsSurrogate(c) || c == '\uFEFF')
            {
                shown.Append(c <= 0xFF ? "\\x" : "\\u").Append(((int)c).ToString(c <= 0xFF ? "X2" : "X4", CultureInfo.InvariantCulture));
            }
            else
            {
                shown.Append(c);
            }
        }

        if (text.Length > MaxShown)
        {
            shown.Append("... (").Append(text.Length.ToString(CultureInfo.InvariantCulture)).Append(" characters)");
        }

        return shown.ToString();
    }

    /// <inheritdoc cref="Escape(ReadOnlySpan{char})"/>
    public static string Escape(string text) => Escape(text.AsSpan());

    /// <summary>A hint when the text holds another common delimiter and not this one: "it looks semicolon-separated: pass Delimiter ';'".</summary>
    public static string DelimiterHint(ReadOnlySpan<byte> text, char delimiter)
    {
        foreach ((char other, string name) in new[] { (';', "semicolon"), ('\t', "tab"), ('|', "pipe"), (',', "comma") })
        {
            if (other != delimiter && text.Contains((byte)other) && (text.IndexOf((byte)delimiter) < 0 || (other == ';' && delimiter == ',')))
            {
                return $" The file looks {name}-separated: pass Delimiter '{(other == '\t' ? "\\t" : other)}'{(other == ';' ? " (and numbers with a decimal point, not a comma)" : "")}.";
            }
        }

        return "";
    }

    /// <inheritdoc cref="DelimiterHint(ReadOnlySpan{byte}, char)"/>
    public static string DelimiterHint(ReadOnlySpan<char> text, char delimiter) => DelimiterHint(Encoding.UTF8.GetBytes(text.ToString()), delimiter);
}
