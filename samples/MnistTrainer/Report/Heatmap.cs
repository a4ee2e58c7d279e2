using System.Globalization;
using NeuralNet.Training;

namespace MnistTrainer.Report;

/// <summary>The confusion matrix as a heatmap: a cell per (true, predicted) pair with its count, recall per row and precision per column at the margins.</summary>
/// <remarks>
/// Cells are shaded by their share of the row (the true class). The diagonal is blue; errors are red on a square-root
/// scale against the largest error share, so that a handful of confusions still shows next to a thousand correct ones.
/// </remarks>
internal static class Heatmap
{
    private const double Cell = 46;

    /// <summary>The room a character of a class name takes at the labels' size, for the margins.</summary>
    private const double CharacterWidth = 7;

    /// <summary>Draws <paramref name="confusion"/> with <paramref name="title"/> above it, the classes labelled by <paramref name="labels"/> (their numbers when null).</summary>
    /// <remarks>Names longer than a digit or two are cut to <see cref="Display.ClassLabels.ShortLength"/> characters, written aslant above the columns, and widen the margins.</remarks>
    public static SvgWriter Render(ConfusionMatrix confusion, string title, IReadOnlyList<string>? labels = null)
    {
        int n = confusion.ClassCount;
        string[] names = [.. (labels ?? Display.ClassLabels.Numbers(n)).Select(Display.ClassLabels.Short)];
        int longest = names.Max(l => l.Length);
        bool aslant = longest > 3;
        double left = 92 + (aslant ? (longest - 2) * CharacterWidth : 0);
        double top = 86 + (aslant ? (longest - 2) * CharacterWidth * 0.7 : 0);
        double size = n * Cell;
        double width = left + size + 96;
        double height = top + size + 84;
        var svg = new SvgWriter(width, height, title);
        svg.Text(width / 2, 28, title, 17, "middle", bold: true);
        svg.Text(left + (size / 2), aslant ? 52 : top - 34, "predicted class", 13, "middle");
        svg.Text(28, top + (size / 2), "true class", 13, "middle", rotate: -90);
        svg.Text(left + size + 48, top - 12, "recall", 11, "middle", "#444444");
        svg.Text(left - 40, top + size + 30, "precision", 11, "middle", "#444444");

        double worstError = 0;
        for (int t = 0; t < n; t++)
        {
            for (int p = 0; p < n; p++)
            {
                if (t != p)
                {
                    worstError = Math.Max(worstError, Share(confusion, t, p));
                }
            }
        }

        for (int i = 0; i < n; i++)
        {
            string label = names[i];
            if (aslant)
            {
                svg.Text(left + (i * Cell) + (Cell / 2), top - 10, label, 12, "start", bold: true, rotate: -45);
            }
            else
            {
                svg.Text(left + (i * Cell) + (Cell / 2), top - 10, label, 12, "middle", bold: true);
            }

            svg.Text(left - 10, top + (i * Cell) + (Cell / 2) + 4, label, 12, "end", bold: true);
        }

        for (int t = 0; t < n; t++)
        {
            for (int p = 0; p < n; p++)
            {
                double share = Share(confusion, t, p);
                double strength = t == p ? share : worstError > 0 ? Math.Sqrt(share / worstError) : 0;
                string fill = t == p ? Blend("#ffffff", "#1f5fa8", strength) : Blend("#ffffff", "#d62728", strength * 0.85);
                double x = left + (p * Cell);
                double y = top + (t * Cell);
                svg.Rect(x, y, Cell, Cell, fill, "#ffffff", 1.5);
                long count = confusion[t, p];
                if (count > 0)
                {
                    string ink = strength > 0.55 ? "#ffffff" : "#222222";
                    svg.Text(x + (Cell / 2), y + (Cell / 2) + 4, count.ToString(CultureInfo.InvariantCulture), count >= 1000 ? 11 : 12, "middle", ink);
                }
            }

            svg.Text(left + size + 48, top + (t * Cell) + (Cell / 2) + 4, Percent(confusion.Recall(t)), 11, "middle");
        }

        for (int p = 0; p < n; p++)
        {
            svg.Text(left + (p * Cell) + (Cell / 2), top + size + 18, Percent(confusion.Precision(p)), 10, "middle");
        }

        svg.Text(
            width / 2,
            height - 18,
            $"{confusion.Correct.ToString("N0", CultureInfo.InvariantCulture)} of {confusion.Total.ToString("N0", CultureInfo.InvariantCulture)} correct ({Percent(confusion.Accuracy)}); blue: correct, red: errors",
            12,
            "middle",
            "#444444");
        return svg;
    }

    private static double Share(ConfusionMatrix confusion, int t, int p)
    {
        long row = confusion.TrueCount(t);
        return row == 0 ? 0 : (double)confusion[t, p] / row;
    }

    private static string Percent(double fraction) => (100 * fraction).ToString("F1", CultureInfo.InvariantCulture) + "%";

    /// <summary>Mixes two <c>#rrggbb</c> colours: <paramref name="amount"/> 0 is the first, 1 the second.</summary>
    private static string Blend(string from, string to, double amount)
    {
        amount = Math.Clamp(amount, 0, 1);
        Span<char> result = stackalloc char[7];
        result[0] = '#';
        for (int i = 0; i < 3; i++)
        {
            int a = Convert.ToInt32(from.Substring(1 + (2 * i), 2), 16);
            int b = Convert.ToInt32(to.Substring(1 + (2 * i), 2), 16);
            int c = (int)Math.Round(a + ((b - a) * amount));
            c.TryFormat(result.Slice(1 + (2 * i), 2), out _, "x2", CultureInfo.InvariantCulture);
        }

        return new string(result);
    }
}
