using NeuralNet.Losses;
using NeuralNet.Training;

namespace MnistTrainer.Report;

/// <summary>The loss and accuracy per epoch, training solid and validation dashed.</summary>
internal static class TrainingCharts
{
    private const string TrainColor = "#1f77b4";
    private const string ValidationColor = "#ff7f0e";

    /// <summary>The loss chart as SVG.</summary>
    public static SvgWriter Loss(TrainingHistory history) => LossChart(history, null).Render();

    /// <summary>The accuracy chart as SVG, in percent.</summary>
    public static SvgWriter Accuracy(TrainingHistory history) => AccuracyChart(history).Render();

    /// <summary>The loss chart, to draw as SVG or PNG; its axis names <paramref name="loss"/> (default cross-entropy).</summary>
    public static LineChart LossChart(TrainingHistory history, Loss? loss = null) => Chart(
        history,
        "Loss per epoch",
        loss is MeanSquaredErrorLoss ? "mean squared error" : "cross-entropy loss",
        e => e.TrainLoss,
        e => e.ValidationLoss);

    /// <summary>The accuracy chart, in percent, to draw as SVG or PNG.</summary>
    public static LineChart AccuracyChart(TrainingHistory history) => Chart(
        history,
        "Accuracy per epoch",
        "accuracy (%)",
        e => 100 * e.TrainAccuracy,
        e => 100 * e.ValidationAccuracy);

    private static LineChart Chart(TrainingHistory history, string title, string yLabel, Func<EpochRecord, double> train, Func<EpochRecord, double?> validation)
    {
        var series = new List<ChartSeries>
        {
            new("training (running mean over the epoch)", TrainColor, [.. history.Epochs.Select(e => ((double)e.Epoch, train(e)))]),
        };
        if (history.Epochs.Any(e => validation(e) is not null))
        {
            series.Add(new ChartSeries(
                "validation (after the epoch)",
                ValidationColor,
                [.. history.Epochs.Where(e => validation(e) is not null).Select(e => ((double)e.Epoch, validation(e)!.Value))],
                Dashed: true));
        }

        return new LineChart { Title = title, XLabel = "epoch", YLabel = yLabel, Series = series, IntegerX = true };
    }
}
