using ScottPlot;
using ScottPlot.TickGenerators;

namespace MnistTrainer.Report;

/// <summary>A <see cref="LineChart"/> drawn by ScottPlot, for the PNG beside the SVG: the same series, colours, dashes, crosses and ring.</summary>
/// <remarks>
/// A log x axis is drawn as ScottPlot draws one: the points' log10 on a linear axis, labelled with the powers of ten and
/// with minor ticks at 2…9 × each power. The legend goes in the corner the lines leave emptiest.
/// </remarks>
internal static class LineChartPlot
{
    /// <summary>The PNG's size in pixels.</summary>
    public const int Width = 900;

    /// <summary>The PNG's size in pixels.</summary>
    public const int Height = 560;

    /// <summary>Builds the plot of <paramref name="chart"/>.</summary>
    public static Plot Draw(LineChart chart)
    {
        ChartFonts.EnsureInstalled();
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Family);
        plot.Title(chart.Title, 20);
        plot.XLabel(chart.XLabel, 15);
        plot.YLabel(chart.YLabel, 15);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        double X(double x) => chart.LogX ? Math.Log10(x) : x;

        var drawn = new List<(double X, double Y)>();
        foreach (ChartSeries series in chart.Series)
        {
            bool named = false;
            bool markers = series.Points.Count(p => double.IsFinite(p.Y)) <= 40;
            foreach (List<(double X, double Y)> segment in Segments(series.Points))
            {
                var line = plot.Add.Scatter(segment.Select(p => X(p.X)).ToArray(), segment.Select(p => p.Y).ToArray());
                line.Color = Color.FromHex(series.Color);
                line.LineWidth = 2.5f;
                line.MarkerSize = markers ? 7 : 0;
                line.LinePattern = series.Dashed ? LinePattern.Dashed : LinePattern.Solid;
                line.LegendText = named ? "" : series.Name;
                named = true;
                drawn.AddRange(segment.Select(p => (X(p.X), p.Y)));
            }
        }

        if (drawn.Count == 0 && chart.Crosses.Count == 0)
        {
            plot.Add.Text("no data", 0, 0).LabelFontSize = 16;
            return plot;
        }

        double yLow = drawn.Count > 0 ? drawn.Min(p => p.Y) : 0;
        if (chart.Crosses.Count > 0)
        {
            var crosses = plot.Add.Markers(chart.Crosses.Select(X).ToArray(), chart.Crosses.Select(_ => yLow).ToArray(), MarkerShape.Eks, 14, Color.FromHex("#d62728"));
            crosses.MarkerLineWidth = 3;
            crosses.LegendText = chart.CrossesLabel;
            drawn.AddRange(chart.Crosses.Select(c => (X(c), yLow)));
        }

        if (chart.Highlight is (double hx, double hy))
        {
            var ring = plot.Add.Marker(X(hx), hy, MarkerShape.OpenCircle, 20, Color.FromHex("#2ca02c"));
            ring.MarkerLineWidth = 2.5f;
            ring.LegendText = "best";
        }

        if (chart.LogX)
        {
            plot.Axes.Bottom.TickGenerator = new NumericAutomatic
            {
                IntegerTicksOnly = true,
                LabelFormatter = v => Axis.Label(Math.Pow(10, v)),
                MinorTickGenerator = new LogMinorTickGenerator(),
            };
            plot.Axes.Margins(0.08, 0.1);
        }
        else if (chart.IntegerX)
        {
            plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true, LabelFormatter = v => Axis.Label(v) };
            plot.Axes.Bottom.MinorTickStyle.Length = 0;
        }

        plot.Legend.FontSize = 13;
        plot.ShowLegend(EmptiestCorner(drawn));
        return plot;
    }

    /// <summary>The runs of finite points: a point whose y is not a number (a diverged candidate) breaks the line.</summary>
    private static IEnumerable<List<(double X, double Y)>> Segments(IReadOnlyList<(double X, double Y)> points)
    {
        var segment = new List<(double X, double Y)>();
        foreach ((double x, double y) in points)
        {
            if (double.IsFinite(x) && double.IsFinite(y))
            {
                segment.Add((x, y));
                continue;
            }

            if (segment.Count > 0)
            {
                yield return segment;
            }

            segment = [];
        }

        if (segment.Count > 0)
        {
            yield return segment;
        }
    }

    /// <summary>The corner whose quarter of the plot holds the fewest points (upper right on a tie, as loss curves leave it).</summary>
    private static Alignment EmptiestCorner(List<(double X, double Y)> points)
    {
        if (points.Count == 0)
        {
            return Alignment.UpperRight;
        }

        double xMin = points.Min(p => p.X), xMax = points.Max(p => p.X);
        double yMin = points.Min(p => p.Y), yMax = points.Max(p => p.Y);
        double xMid = (xMin + xMax) / 2, yMid = (yMin + yMax) / 2;
        (Alignment Corner, int Count)[] corners =
        [
            (Alignment.UpperRight, points.Count(p => p.X >= xMid && p.Y >= yMid)),
            (Alignment.LowerRight, points.Count(p => p.X >= xMid && p.Y < yMid)),
            (Alignment.UpperLeft, points.Count(p => p.X < xMid && p.Y >= yMid)),
            (Alignment.LowerLeft, points.Count(p => p.X < xMid && p.Y < yMid)),
        ];
        return corners.MinBy(c => c.Count).Corner;
    }
}
