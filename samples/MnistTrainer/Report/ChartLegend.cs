namespace MnistTrainer.Report;

/// <summary>A chart's legend, put in the corner of the plot that its lines leave most free.</summary>
internal static class ChartLegend
{
    /// <summary>One line of the legend: a name, and a line or a cross in a colour.</summary>
    public sealed record Entry(string Name, string Color, bool Dashed, bool IsCross);

    /// <summary>Draws <paramref name="entries"/> inside <paramref name="plot"/>, avoiding <paramref name="drawn"/> (points in pixels).</summary>
    public static void Draw(SvgWriter svg, IReadOnlyList<Entry> entries, (double Left, double Top, double Right, double Bottom) plot, IReadOnlyList<(double X, double Y)> drawn)
    {
        double width = 36 + entries.Max(e => e.Name.Length * 6.8);
        double height = (entries.Count * 18) + 8;

        // The corner the fewest drawn points fall into; top right when it is a tie.
        (double Left, double Top)[] corners =
        [
            (plot.Right - width - 10, plot.Top + 10),
            (plot.Right - width - 10, plot.Bottom - height - 10),
            (plot.Left + 10, plot.Top + 10),
            (plot.Left + 10, plot.Bottom - height - 10),
        ];
        (double left, double top) = corners.MinBy(c => drawn.Count(p => p.X >= c.Left - 6 && p.X <= c.Left + width + 6 && p.Y >= c.Top - 6 && p.Y <= c.Top + height + 6));
        svg.Rect(left, top, width, height, "#ffffff", "#cccccc", opacity: 0.9);
        for (int i = 0; i < entries.Count; i++)
        {
            double y = top + 16 + (i * 18);
            Entry entry = entries[i];
            if (entry.IsCross)
            {
                svg.Line(left + 12, y - 8, left + 22, y + 2, entry.Color, 2.5);
                svg.Line(left + 12, y + 2, left + 22, y - 8, entry.Color, 2.5);
            }
            else
            {
                svg.Line(left + 8, y - 4, left + 26, y - 4, entry.Color, 2.2, entry.Dashed ? "7 4" : null);
            }

            svg.Text(left + 32, y, entry.Name, 11.5);
        }
    }
}
