using System.Globalization;
using System.Text;

namespace NeuralNet.Data;

/// <summary>Small helpers on the bytes of CSV lines and cells.</summary>
internal static class CsvCells
{
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

    /// <summary>The cell as it reads in a message: quoted, cut at 40 bytes, or "an empty cell".</summary>
    public static string Quote(ReadOnlySpan<byte> cell)
    {
        if (cell.IsEmpty)
        {
            return "an empty cell";
        }

        string text = Encoding.UTF8.GetString(cell.Length > 40 ? cell[..40] : cell);
        return $"'{text}{(cell.Length > 40 ? "..." : "")}'";
    }
}
