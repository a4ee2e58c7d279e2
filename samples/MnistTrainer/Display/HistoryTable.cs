using NeuralNet.Training;
using Spectre.Console;

namespace MnistTrainer.Display;

/// <summary>The summary table at the end of training: one row per epoch (about 20 evenly spaced ones for long runs).</summary>
internal static class HistoryTable
{
    private const int MostRows = 20;

    /// <summary>Builds the table of <paramref name="history"/>.</summary>
    public static Table For(TrainingHistory history)
    {
        bool validated = history.Epochs.Any(e => e.ValidationLoss is not null);

        // A regression has no accuracy (the trainer records NaN): its columns are left out.
        bool accuracy = !history.Epochs.Any() || history.Epochs.Any(e => double.IsFinite(e.TrainAccuracy));
        var table = new Table().Border(TableBorder.Rounded).Title("Training");
        table.AddColumn(new TableColumn("epoch").RightAligned());
        table.AddColumn(new TableColumn("lr").RightAligned());
        table.AddColumn(new TableColumn("train loss").RightAligned());
        if (accuracy)
        {
            table.AddColumn(new TableColumn("train acc").RightAligned());
        }

        if (validated)
        {
            table.AddColumn(new TableColumn("val loss").RightAligned());
            if (accuracy)
            {
                table.AddColumn(new TableColumn("val acc").RightAligned());
            }
        }

        table.AddColumn(new TableColumn("samples/s").RightAligned());
        table.AddColumn(new TableColumn("time").RightAligned());

        IReadOnlyList<EpochRecord> epochs = history.Epochs;
        int every = (epochs.Count + MostRows - 1) / MostRows;
        for (int i = 0; i < epochs.Count; i++)
        {
            if (every > 1 && i % every != 0 && i != epochs.Count - 1)
            {
                continue;
            }

            EpochRecord e = epochs[i];
            var cells = new List<string> { e.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture), Figures.Rate(e.LearningRate), Figures.Loss(e.TrainLoss) };
            if (accuracy)
            {
                cells.Add(Figures.Percent(e.TrainAccuracy));
            }

            if (validated)
            {
                cells.Add(Figures.Loss(e.ValidationLoss));
                if (accuracy)
                {
                    cells.Add(Figures.Percent(e.ValidationAccuracy));
                }
            }

            cells.Add(Figures.Count(e.SamplesPerSecond));
            cells.Add(Figures.Seconds(e.Seconds));
            table.AddRow([.. cells.Select(Markup.Escape)]);
        }

        return table;
    }
}
