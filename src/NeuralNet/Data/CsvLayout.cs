namespace NeuralNet.Data;

/// <summary>What the first pass over a CSV file learned: header, label column, widths and an upper bound on the rows.</summary>
internal sealed record CsvLayout(bool HasHeader, bool HasLabels, int Columns, int Features, int MaxRows)
{
    /// <summary>The columns a row must have, in words for messages.</summary>
    public string Describe() => HasLabels ? $"{Columns} (a label and {Features} features)" : $"{Columns} (features, no label)";
}
