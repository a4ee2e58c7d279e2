using System.Globalization;
using MnistTrainer.Display;
using NeuralNet.Training;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace MnistTrainer.Report;

/// <summary>The confusion matrix drawn by ScottPlot, for the PNG beside <see cref="Heatmap"/>'s SVG: the same cells, counts, colours and margins.</summary>
/// <remarks>
/// Cell (true t, predicted p) is the square centred on (p, n − 1 − t), so the first class is at the top left as in the SVG.
/// Cells are shaded by their share of the row: the diagonal blue, errors red on a square-root scale against the largest
/// error share, recall per row on the right and precision per column below.
/// </remarks>
internal static class HeatmapPlot
{
    private const string Correct = "#1f5fa8";
    private const string Error = "#d62728";

    /// <summary>The PNG's size in pixels for <paramref name="classCount"/> classes, wider and taller for class names (<paramref name="labels"/>) than for numbers.</summary>
    public static (int Width, int Height) Size(int classCount, IReadOnlyList<string>? labels = null)
    {
        int extra = Math.Max(0, Longest(labels) - 2) * 8;
        // At least as wide as the title needs, for two or three classes.
        return (Math.Max(480, 200 + (classCount * 56) + extra), 200 + (classCount * 52) + extra);
    }

    /// <summary>Builds the plot of <paramref name="confusion"/> with <paramref name="title"/> above it, the classes labelled by <paramref name="labels"/> (their numbers when null; names cut to <see cref="ClassLabels.ShortLength"/> characters).</summary>
    public static Plot Draw(ConfusionMatrix confusion, string title, IReadOnlyList<string>? labels = null)
    {
        ChartFonts.EnsureInstalled();
        int n = confusion.ClassCount;
        string[] names = [.. (labels ?? ClassLabels.Numbers(n)).Select(ClassLabels.Short)];
        bool aslant = Longest(names) > 3;
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Family);
        plot.Title(title, 18);
        plot.XLabel($"{Figures.Count(confusion.Correct)} of {Figures.Count(confusion.Total)} correct ({Percent(confusion.Accuracy)}); blue: correct, red: errors", 13);
        plot.YLabel("true class", 14);
        plot.HideGrid();

        double worstError = 0;
        for (int t = 0; t < n; t++)
        {
            for (int p = 0; p < n; p++)
            {
                worstError = t == p ? worstError : Math.Max(worstError, Share(confusion, t, p));
            }
        }

        for (int t = 0; t < n; t++)
        {
            double y = n - 1 - t;
            for (int p = 0; p < n; p++)
            {
                double share = Share(confusion, t, p);
                double strength = t == p ? share : worstError > 0 ? Math.Sqrt(share / worstError) * 0.85 : 0;
                Color fill = Color.FromHex("#ffffff").MixedWith(Color.FromHex(t == p ? Correct : Error), (float)Math.Clamp(strength, 0, 1));
                var cell = plot.Add.Rectangle(p - 0.5, p + 0.5, y - 0.5, y + 0.5);
                cell.FillStyle.Color = fill;
                cell.LineStyle.Color = Colors.White;
                cell.LineStyle.Width = 2;
                long count = confusion[t, p];
                if (count > 0)
                {
                    Label(plot, count.ToString(CultureInfo.InvariantCulture), p, y, 13, strength > 0.55 ? Colors.White : Color.FromHex("#222222"));
                }
            }

            Label(plot, Percent(confusion.Recall(t)), n + 0.1, y, 12, Color.FromHex("#222222"));
        }

        for (int p = 0; p < n; p++)
        {
            Label(plot, Percent(confusion.Precision(p)), p, -0.85, 11, Color.FromHex("#222222"));
        }

        Label(plot, "recall", n + 0.1, n - 0.2, 12, Color.FromHex("#444444"));
        Label(plot, "precision", -1.05, -0.85, 12, Color.FromHex("#444444"));
        Label(plot, "predicted class", (n - 1) / 2.0, n + (aslant ? 0.45 + (Longest(names) * 0.1) : 0.45), 14, Color.FromHex("#222222"));

        // Predicted classes above the columns, as the SVG has them; true classes are the left axis' ticks.
        var rows = new NumericManual();
        for (int i = 0; i < n; i++)
        {
            string label = names[i];
            if (aslant)
            {
                Label(plot, label, i - 0.1, n - 0.4, 12, Color.FromHex("#222222"), bold: true, rotation: -45, alignment: Alignment.LowerLeft);
            }
            else
            {
                Label(plot, label, i, n - 0.2, 14, Color.FromHex("#222222"), bold: true);
            }

            rows.AddMajor(n - 1 - i, label);
        }

        plot.Axes.Bottom.TickGenerator = new NumericManual();
        plot.Axes.Left.TickGenerator = rows;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.Bold = true;
        plot.Axes.SetLimits(-1.6, n + 0.75, -1.2, n + 0.75 + (aslant ? Longest(names) * 0.1 : 0));
        plot.Axes.FrameWidth(0);
        return plot;
    }

    private static int Longest(IReadOnlyList<string>? labels) => labels is null || labels.Count == 0 ? 1 : labels.Max(l => ClassLabels.Short(l).Length);

    private static void Label(Plot plot, string text, double x, double y, float size, Color color, bool bold = false, float rotation = 0, Alignment alignment = Alignment.MiddleCenter)
    {
        var label = plot.Add.Text(text, x, y);
        label.LabelRotation = rotation;
        label.LabelBold = bold;
        label.LabelFontSize = size;
        label.LabelFontColor = color;
        label.LabelAlignment = alignment;
    }

    private static double Share(ConfusionMatrix confusion, int t, int p)
    {
        long row = confusion.TrueCount(t);
        return row == 0 ? 0 : (double)confusion[t, p] / row;
    }

    private static string Percent(double fraction) => (100 * fraction).ToString("F1", CultureInfo.InvariantCulture) + "%";
}
