namespace NeuralNet.Data;

/// <summary>What the first pass over a CSV file learned: header, label column, widths, where the data starts, and where parallel parsing may split it.</summary>
/// <param name="HasHeader">Whether the first non-blank line names the columns.</param>
/// <param name="HasLabels">Whether the first column is the label.</param>
/// <param name="Columns">Cells per row.</param>
/// <param name="Features">Cells per row that are features.</param>
/// <param name="FirstDataLine">The 1-based line of the first possible data row; row slot = line − FirstDataLine.</param>
/// <param name="MaxRows">Lines from <paramref name="FirstDataLine"/> to the end: the rows if none is blank.</param>
/// <param name="Segments">Where each parallel part starts: a byte offset at a line start and that line's number; the first is (0, 1).</param>
internal sealed record CsvLayout(bool HasHeader, bool HasLabels, int Columns, int Features, long FirstDataLine, int MaxRows, IReadOnlyList<(long Offset, long Line)> Segments)
{
    /// <summary>The columns a row must have, in words for messages.</summary>
    public string Describe() => HasLabels ? $"{Columns} (a label and {Features} features)" : $"{Columns} (features, no label)";
}
