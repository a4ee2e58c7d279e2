using System.Globalization;
using NeuralNet.Training;
using Spectre.Console;

namespace MnistTrainer.Display;

/// <summary>The confusion matrix and the per-class precision, recall and F1 as console tables, the classes by name when they have names.</summary>
internal static class ConfusionTable
{
    /// <summary>Rows are true classes, columns predicted ones; the diagonal is green, errors are red.</summary>
    /// <param name="confusion">The counts.</param>
    /// <param name="labels">The label of every class (<see cref="ClassLabels"/>); column headers are cut to <see cref="ClassLabels.ShortLength"/> characters.</param>
    public static Table Matrix(ConfusionMatrix confusion, IReadOnlyList<string> labels)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Confusion matrix (rows: true class, columns: predicted)");
        table.AddColumn(new TableColumn("true \\ pred"));
        for (int p = 0; p < confusion.ClassCount; p++)
        {
            table.AddColumn(new TableColumn(Markup.Escape(ClassLabels.Short(labels[p]))).RightAligned());
        }

        for (int t = 0; t < confusion.ClassCount; t++)
        {
            var cells = new List<string> { Markup.Escape(labels[t]) };
            for (int p = 0; p < confusion.ClassCount; p++)
            {
                long count = confusion[t, p];
                string shown = Text(count);
                cells.Add(t == p ? $"[green]{shown}[/]" : count > 0 ? $"[red]{shown}[/]" : $"[grey]{shown}[/]");
            }

            table.AddRow([.. cells]);
        }

        return table;
    }

    /// <summary>Precision, recall, F1 and support of every class, then their macro means.</summary>
    /// <param name="confusion">The counts.</param>
    /// <param name="labels">The label of every class.</param>
    public static Table PerClass(ConfusionMatrix confusion, IReadOnlyList<string> labels)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Per class");
        table.AddColumn("class");
        table.AddColumn(new TableColumn("precision").RightAligned());
        table.AddColumn(new TableColumn("recall").RightAligned());
        table.AddColumn(new TableColumn("F1").RightAligned());
        table.AddColumn(new TableColumn("support").RightAligned());
        double precision = 0;
        double recall = 0;
        for (int c = 0; c < confusion.ClassCount; c++)
        {
            precision += confusion.Precision(c);
            recall += confusion.Recall(c);
            table.AddRow(Markup.Escape(labels[c]), Figures.Percent(confusion.Precision(c)), Figures.Percent(confusion.Recall(c)), Figures.Percent(confusion.F1(c)), Figures.Count(confusion.TrueCount(c)));
        }

        table.AddRow("[bold]macro[/]", Figures.Percent(precision / confusion.ClassCount), Figures.Percent(recall / confusion.ClassCount), Figures.Percent(confusion.MacroF1), Figures.Count(confusion.Total));
        return table;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
