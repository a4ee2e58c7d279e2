using MnistTrainer.Runs;

namespace MnistTrainer.Report;

/// <summary>The learning-rate sweep's plot: final validation (and training) accuracy against the rate on a log axis; diverged rates are red crosses.</summary>
internal static class SweepChart
{
    /// <summary>Draws the outcomes as SVG.</summary>
    public static SvgWriter Render(IReadOnlyList<SweepOutcome> outcomes) => Chart(outcomes).Render();

    /// <summary>Writes the chart to <paramref name="svgPath"/> and, drawn by ScottPlot, beside it as PNG; returns the PNG's path.</summary>
    public static string Save(IReadOnlyList<SweepOutcome> outcomes, string svgPath)
    {
        LineChart chart = Chart(outcomes);
        chart.Render().Save(svgPath);
        string pngPath = Path.ChangeExtension(svgPath, ".png");
        PngWriter.Save(LineChartPlot.Draw(chart), LineChartPlot.Width, LineChartPlot.Height, pngPath);
        return pngPath;
    }

    /// <summary>The chart of the outcomes, to draw as SVG or PNG.</summary>
    public static LineChart Chart(IReadOnlyList<SweepOutcome> outcomes)
    {
        var ordered = outcomes.OrderBy(o => o.LearningRate).ToList();
        SweepOutcome? best = ordered.Where(o => o.Accuracy is not null).MaxBy(o => o.Accuracy);
        return new LineChart
        {
            Title = "Validation accuracy against learning rate",
            XLabel = "learning rate (log scale)",
            YLabel = "accuracy after the last epoch (%)",
            LogX = true,
            Series =
            [
                // A diverged candidate has no accuracy: NaN breaks the lines there, and a cross marks it.
                new ChartSeries("validation", "#ff7f0e", [.. ordered.Select(o => ((double)o.LearningRate, 100 * (o.Accuracy ?? double.NaN)))]),
                new ChartSeries("training (last epoch)", "#1f77b4", [.. ordered.Select(o => ((double)o.LearningRate, 100 * (o.TrainAccuracy ?? double.NaN)))], Dashed: true),
            ],
            Crosses = [.. outcomes.Where(o => o.Diverged).Select(o => (double)o.LearningRate)],
            CrossesLabel = "diverged",
            Highlight = best is null ? null : (best.LearningRate, 100 * best.Accuracy!.Value),
        };
    }
}
