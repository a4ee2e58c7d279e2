namespace NeuralNet.Data;

/// <summary>Where a parallel part of a CSV file starts: a byte offset at a line start, that line's number, and its first row's slot in the matrix.</summary>
/// <param name="Offset">The byte offset of the part's first line.</param>
/// <param name="Line">The 1-based number of that line.</param>
/// <param name="FirstSlot">The matrix column of the part's first data row.</param>
/// <param name="Rows">The data rows (non-blank lines after the header) the first pass counted in the part.</param>
internal readonly record struct CsvSegment(long Offset, long Line, int FirstSlot, int Rows);

/// <summary>What the first pass over a CSV file learned: header, label and feature columns, where the data starts, how many rows, and where parallel parsing may split it.</summary>
/// <param name="HasHeader">Whether the first non-blank line names the columns.</param>
/// <param name="IsTable">Whether the file is a table (values as written) rather than a pixel file (see <see cref="CsvOptions"/>).</param>
/// <param name="Columns">Cells per row.</param>
/// <param name="LabelColumn">The 0-based label column, or -1 for unlabelled files.</param>
/// <param name="FeatureColumns">The 0-based column of each feature, in feature order.</param>
/// <param name="HeaderNames">The header's cells, or null without a header.</param>
/// <param name="FirstDataLine">The 1-based line after the header (or the first line without one).</param>
/// <param name="Rows">The matrix's columns: the data rows (non-blank lines from <paramref name="FirstDataLine"/> on), up to and including <paramref name="StopLine"/>.</param>
/// <param name="MinRowBytes">The fewest bytes a valid row can have: one per read cell and one per delimiter.</param>
/// <param name="StopLine">The first line too short to be a row (the parse fails there at the latest), or <see cref="long.MaxValue"/>.</param>
/// <param name="Segments">The parallel parts; the first starts at offset 0, line 1.</param>
internal sealed record CsvLayout(bool HasHeader, bool IsTable, int Columns, int LabelColumn, int[] FeatureColumns, string[]? HeaderNames, long FirstDataLine, int Rows, int MinRowBytes, long StopLine, IReadOnlyList<CsvSegment> Segments)
{
    /// <summary>Whether the file has a label column.</summary>
    public bool HasLabels => LabelColumn >= 0;

    /// <summary>Features per row.</summary>
    public int Features => FeatureColumns.Length;

    /// <summary>Whether the label (if any) is the first column and every other column a feature, in order: the pixel files' fast path.</summary>
    public bool IsLabelFirst => LabelColumn <= 0 && Features == Columns - (HasLabels ? 1 : 0) && (Features == 0 || FeatureColumns[^1] == Columns - 1);

    /// <summary>The columns a row must have, in words for messages.</summary>
    public string Describe() => !IsTable || Features == Columns - (HasLabels ? 1 : 0)
        ? HasLabels ? $"{Columns} (a label and {Features} features)" : $"{Columns} (features, no label)"
        : $"{Columns}";

    /// <summary>How a column is called in messages: its header name when there is one.</summary>
    public string ColumnName(int column) => HeaderNames is { } names && column < names.Length ? $" ('{CsvCells.Escape(names[column])}')" : "";
}
