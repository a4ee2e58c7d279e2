using MnistTrainer.Runs;

namespace MnistTrainer.Report;

/// <summary>The learning-rate sweep's plot: final validation (and training) accuracy against the rate on a log axis, or a regression's losses; diverged rates are red crosses.</summary>
internal static class SweepChart
{
    /// <summary>Draws the outcomes as SVG.</summary>
    public static SvgWriter Render(IReadOnlyList<SweepOutcome> outcomes, bool regression = false) => Chart(outcomes, regression).Render();

    /// <summary>Writes the chart to <paramref name="svgPath"/> and, drawn by ScottPlot, beside it as PNG; returns the PNG's path.</summary>
    public static string Save(IReadOnlyList<SweepOutcome> outcomes, string svgPath, bool regression = false)
    {
        LineChart chart = Chart(outcomes, regression);
        chart.Render().Save(svgPath);
        string pngPath = Path.ChangeExtension(svgPath, ".png");
        PngWriter.Save(LineChartPlot.Draw(chart), LineChartPlot.Width, LineChartPlot.Height, pngPath);
        return pngPath;
    }

    /// <summary>The chart of the outcomes, to draw as SVG or PNG: accuracies, or for a regression (which has none) the mean squared errors.</summary>
    public static LineChart Chart(IReadOnlyList<SweepOutcome> outcomes, bool regression = false)
    {
        var ordered = outcomes.OrderBy(o => o.LearningRate).ToList();
        if (regression)
        {
            SweepOutcome? lowest = SweepOutcome.Best(ordered, regression: true);
            return new LineChart
            {
                Title = "Validation loss against learning rate",
                XLabel = "learning rate (log scale)",
                YLabel = "mean squared error after the last epoch",
                LogX = true,
                Series =
                [
                    new ChartSeries("validation", "#ff7f0e", [.. ordered.Select(o => ((double)o.LearningRate, o.Loss ?? double.NaN))]),
                    new ChartSeries("training (last epoch)", "#1f77b4", [.. ordered.Select(o => ((double)o.LearningRate, o.TrainLoss ?? double.NaN))], Dashed: true),
                ],
                Crosses = [.. outcomes.Where(o => o.Diverged).Select(o => (double)o.LearningRate)],
                CrossesLabel = "diverged",
                Highlight = lowest is null ? null : (lowest.LearningRate, lowest.Loss!.Value),
            };
        }

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
