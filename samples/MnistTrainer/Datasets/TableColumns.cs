using System.Globalization;
using System.IO.Compression;
using System.Text;
using NeuralNet;
using NeuralNet.Data;

namespace MnistTrainer.Datasets;

/// <summary>A table's columns as the commands see them before the reader does: which features a model trained on a table reads, and whether a file starts with a header.</summary>
/// <remarks>
/// A model trained on a table keeps the table's header names as its <see cref="Network.FeatureNames"/>; the commands
/// read later files by those names (<see cref="CsvOptions.FeatureColumns"/>), so that a test or prediction file may
/// hold its columns in another order, or more of them (an id, the label). Pixel files with a header (Kaggle's
/// <c>pixel0,…</c>) have feature names too, but their columns are positions, read as the reader reads pixels: the rule
/// that tells them apart is the reader's own (<see cref="CsvOptions"/>: <c>pixel0</c>, <c>px12</c>, <c>p3</c>,
/// <c>x5</c>, <c>28x28</c> or a bare number are pixel names).
/// </remarks>
internal static class TableColumns
{
    /// <summary>The most characters of a first line looked at.</summary>
    private const int MostHeaderCharacters = 1 << 20;

    /// <summary>The feature columns, by name, of a model trained on a table; null for a model of pixels or one without names.</summary>
    public static IReadOnlyList<string>? Of(Network network) => TableNames(network.FeatureNames);

    /// <summary>The feature columns, by name, of a dataset read from a table; null for pixels or a set without names.</summary>
    public static IReadOnlyList<string>? Of(Dataset data) => TableNames(data.FeatureNames);

    /// <summary>Whether a CSV file (raw or gzipped) starts with a header: a first line none of whose cells is a number, as the reader decides it.</summary>
    /// <remarks>Reads at most the first line (and at most a megabyte of it); an empty or unreadable file says no, and the reader then reports what is wrong with it.</remarks>
    public static bool HasHeader(string path)
    {
        try
        {
            using FileStream file = File.OpenRead(path);
            Span<byte> magic = stackalloc byte[2];
            bool gzip = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
            file.Position = 0;
            using Stream content = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var reader = new StreamReader(content, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true);
            string line = FirstLine(reader);
            string[] cells = Cells(line);
            return line.Length > 0 && cells.All(c => !double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static IReadOnlyList<string>? TableNames(IReadOnlyList<string>? names) =>
        names is { Count: > 0 } && !names.All(IsPixelName) ? names : null;

    private static string FirstLine(StreamReader reader)
    {
        var line = new StringBuilder();
        bool quoted = false;
        for (int c = reader.Read(); c >= 0 && line.Length < MostHeaderCharacters; c = reader.Read())
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && (c == '\n' || c == '\r'))
            {
                if (line.Length > 0)
                {
                    break;
                }

                continue;
            }

            line.Append((char)c);
        }

        return line.ToString();
    }

    /// <summary>The cells of a comma-separated line, quotes removed (a comma inside quotes is part of its cell).</summary>
    private static string[] Cells(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString().Trim());
        return [.. cells];
    }

    /// <summary>The reader's rule for a pixel's header name: <c>pixel0</c>, <c>px12</c>, <c>p3</c>, <c>x5</c>, <c>28x28</c>, or a bare number.</summary>
    private static bool IsPixelName(string name)
    {
        int x = name.IndexOfAny(['x', 'X']);
        if (x > 0 && x < name.Length - 1 && name[..x].All(char.IsAsciiDigit) && name[(x + 1)..].All(char.IsAsciiDigit))
        {
            return true;
        }

        int digits = name.AsSpan().IndexOfAnyInRange('0', '9');
        if (digits < 0 || !name[digits..].All(char.IsAsciiDigit))
        {
            return false;
        }

        string prefix = name[..digits];
        return prefix.Length == 0 || prefix.Equals("pixel", StringComparison.OrdinalIgnoreCase) || prefix.Equals("px", StringComparison.OrdinalIgnoreCase)
            || prefix.Equals("p", StringComparison.OrdinalIgnoreCase) || prefix.Equals("x", StringComparison.OrdinalIgnoreCase);
    }
}
