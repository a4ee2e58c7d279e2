namespace MnistTrainer.Report;

/// <summary>A line chart with axes, grid, ticks, a legend and optional marked points, drawn as SVG.</summary>
/// <remarks>
/// Used for the loss and accuracy per epoch (train solid, validation dashed) and for the learning-rate sweep (a log x
/// axis, with diverged candidates marked by a red cross on the x axis). The y range fits the data with a little room.
/// </remarks>
internal sealed class LineChart
{
    private const double Width = 720;
    private const double Height = 440;
    private const double Left = 78;
    private const double Right = 24;
    private const double Top = 48;
    private const double Bottom = 62;

    /// <summary>The heading.</summary>
    public required string Title { get; init; }

    /// <summary>The x axis' caption.</summary>
    public required string XLabel { get; init; }

    /// <summary>The y axis' caption.</summary>
    public required string YLabel { get; init; }

    /// <summary>The lines.</summary>
    public required IReadOnlyList<ChartSeries> Series { get; init; }

    /// <summary>Whether x is spaced by its logarithm.</summary>
    public bool LogX { get; init; }

    /// <summary>Whether x ticks are whole numbers only (epochs).</summary>
    public bool IntegerX { get; init; }

    /// <summary>Values of x marked with a red cross on the x axis, with a caption in the legend (diverged learning rates).</summary>
    public IReadOnlyList<double> Crosses { get; init; } = [];

    /// <summary>What the crosses mean, for the legend.</summary>
    public string CrossesLabel { get; init; } = "";

    /// <summary>A point to ring, such as the best learning rate, or null.</summary>
    public (double X, double Y)? Highlight { get; init; }

    /// <summary>Draws the chart.</summary>
    public SvgWriter Render()
    {
        var svg = new SvgWriter(Width, Height, Title);
        svg.Text(Width / 2, 28, Title, 17, "middle", bold: true);

        var points = Series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var xs = points.Select(p => p.X).Concat(Crosses).ToList();
        if (xs.Count == 0)
        {
            svg.Text(Width / 2, Height / 2, "no data", 14, "middle", "#888888");
            return svg;
        }

        double xMin = xs.Min();
        double xMax = xs.Max();
        if (LogX)
        {
            // A little room either side in log space, so the end points are not on the frame.
            (xMin, xMax) = (xMin / 1.4, xMax * 1.4);
        }

        double yMin = points.Count == 0 ? 0 : points.Min(p => p.Y);
        double yMax = points.Count == 0 ? 1 : points.Max(p => p.Y);
        double pad = (yMax - yMin) * 0.08;
        var x = new Axis(xMin, xMax, Left, Width - Right, LogX);
        var y = new Axis(yMin - pad, yMax + pad, Height - Bottom, Top, logarithmic: false);

        DrawGrid(svg, x, y);
        foreach (ChartSeries series in Series)
        {
            var line = series.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).Select(p => (x.Map(p.X), y.Map(p.Y))).ToList();
            foreach (List<(double, double)> segment in Segments(series.Points, x, y))
            {
                svg.Polyline(segment, series.Color, 2.2, series.Dashed ? "7 4" : null);
            }

            if (line.Count <= 40)
            {
                foreach ((double px, double py) in line)
                {
                    svg.Circle(px, py, 3.2, series.Color);
                }
            }
        }

        foreach (double cross in Crosses)
        {
            double cx = x.Map(cross);
            double cy = Height - Bottom - 10;
            svg.Line(cx - 6, cy - 6, cx + 6, cy + 6, "#d62728", 2.5);
            svg.Line(cx - 6, cy + 6, cx + 6, cy - 6, "#d62728", 2.5);
        }

        if (Highlight is (double hx, double hy))
        {
            svg.Circle(x.Map(hx), y.Map(hy), 8, "none", "#2ca02c");
        }

        var entries = Series.Select(s => new ChartLegend.Entry(s.Name, s.Color, s.Dashed, IsCross: false)).ToList();
        if (Crosses.Count > 0)
        {
            entries.Add(new ChartLegend.Entry(CrossesLabel, "#d62728", Dashed: false, IsCross: true));
        }

        ChartLegend.Draw(svg, entries, (Left, Top, Width - Right, Height - Bottom), [.. Series.SelectMany(s => Sampled(s.Points, x, y)), .. Crosses.Select(c => (x.Map(c), Height - Bottom - 10))]);
        return svg;
    }

    private void DrawGrid(SvgWriter svg, Axis x, Axis y)
    {
        double plotBottom = Height - Bottom;
        foreach (double tick in y.Ticks())
        {
            double py = y.Map(tick);
            svg.Line(Left, py, Width - Right, py, "#e6e6e6");
            svg.Text(Left - 8, py + 4, Axis.Label(tick), 11, "end", "#444444");
        }

        IEnumerable<double> xTicks = x.Ticks(IntegerX ? Math.Min(10, (int)Math.Round(x.Max - x.Min) + 1) : 6);
        if (IntegerX)
        {
            xTicks = xTicks.Where(t => Math.Abs(t - Math.Round(t)) < 1e-9).Distinct();
        }

        foreach (double tick in xTicks)
        {
            double px = x.Map(tick);
            svg.Line(px, Top, px, plotBottom, "#f0f0f0");
            svg.Line(px, plotBottom, px, plotBottom + 5, "#444444");
            svg.Text(px, plotBottom + 19, Axis.Label(tick), 11, "middle", "#444444");
        }

        svg.Rect(Left, Top, Width - Left - Right, plotBottom - Top, "none", "#888888");
        svg.Text((Left + Width - Right) / 2, Height - 18, XLabel, 13, "middle");
        svg.Text(20, (Top + plotBottom) / 2, YLabel, 13, "middle", rotate: -90);
    }

    /// <summary>The runs of finite points, in pixels: a point whose y is not a number (a diverged candidate) breaks the line.</summary>
    private static IEnumerable<List<(double, double)>> Segments(IReadOnlyList<(double X, double Y)> points, Axis x, Axis y)
    {
        var segment = new List<(double, double)>();
        foreach ((double px, double py) in points)
        {
            if (double.IsFinite(px) && double.IsFinite(py))
            {
                segment.Add((x.Map(px), y.Map(py)));
                continue;
            }

            if (segment.Count > 1)
            {
                yield return segment;
            }

            segment = [];
        }

        if (segment.Count > 1)
        {
            yield return segment;
        }
    }

    /// <summary>Points along each line in pixels, so the legend can go where the lines are not.</summary>
    private static IEnumerable<(double X, double Y)> Sampled(IReadOnlyList<(double X, double Y)> points, Axis x, Axis y)
    {
        for (int i = 0; i < points.Count; i++)
        {
            (double x0, double y0) = (x.Map(points[i].X), y.Map(points[i].Y));
            yield return (x0, y0);
            if (i + 1 < points.Count && double.IsFinite(points[i].Y) && double.IsFinite(points[i + 1].Y))
            {
                (double x1, double y1) = (x.Map(points[i + 1].X), y.Map(points[i + 1].Y));
                for (int k = 1; k < 16; k++)
                {
                    yield return (x0 + ((x1 - x0) * k / 16), y0 + ((y1 - y0) * k / 16));
                }
            }
        }
    }
}
