using MnistTrainer.Runs;

namespace MnistTrainer.Report;

/// <summary>The learning-rate sweep's plot: final validation (and training) accuracy against the rate on a log axis; diverged rates are red crosses.</summary>
internal static class SweepChart
{
    /// <summary>Draws the outcomes.</summary>
    public static SvgWriter Render(IReadOnlyList<SweepOutcome> outcomes)
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
        }.Render();
    }
}
