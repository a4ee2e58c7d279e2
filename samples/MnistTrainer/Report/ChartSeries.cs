namespace MnistTrainer.Report;

/// <summary>One line of a <see cref="LineChart"/>: a name for the legend, a colour, and its points in data units.</summary>
/// <param name="Name">The legend's text.</param>
/// <param name="Color">An SVG colour, such as <c>#1f77b4</c>.</param>
/// <param name="Points">The points, in order along x; a y that is not a number breaks the line there.</param>
/// <param name="Dashed">Whether the line is dashed (for a second view of the same quantity, such as validation next to training).</param>
internal sealed record ChartSeries(string Name, string Color, IReadOnlyList<(double X, double Y)> Points, bool Dashed = false);
