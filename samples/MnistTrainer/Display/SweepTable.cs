using MnistTrainer.Runs;
using Spectre.Console;

namespace MnistTrainer.Display;

/// <summary>The learning-rate sweep as a console table, the best candidate and the diverged ones marked.</summary>
internal static class SweepTable
{
    /// <summary>Builds the table; a regression's has the losses instead of the accuracies.</summary>
    public static Table For(IReadOnlyList<SweepOutcome> outcomes, SweepOutcome? best, bool regression = false)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Learning-rate sweep");
        table.AddColumn(new TableColumn("learning rate").RightAligned());
        if (!regression)
        {
            table.AddColumn(new TableColumn("val acc").RightAligned());
        }

        table.AddColumn(new TableColumn("val loss").RightAligned());
        table.AddColumn(new TableColumn(regression ? "train loss" : "train acc").RightAligned());
        table.AddColumn("");
        foreach (SweepOutcome o in outcomes)
        {
            string note = o.Diverged ? "[red]diverged[/]" : o == best ? "[green]best[/]" : o.Stopped ? "stopped" : "";
            if (regression)
            {
                table.AddRow(Figures.Rate(o.LearningRate), Figures.Value(o.Loss), Figures.Value(o.TrainLoss), note);
            }
            else
            {
                table.AddRow(Figures.Rate(o.LearningRate), Figures.Percent(o.Accuracy), Figures.Loss(o.Loss), Figures.Percent(o.TrainAccuracy), note);
            }
        }

        return table;
    }
}
