using System.Globalization;
using ScottPlot;

namespace MnistTrainer.Report;

/// <summary>The grid of test images drawn by ScottPlot, for the PNG beside <see cref="DigitGrid"/>'s SVG: each image with "label → prediction", mistakes framed in red.</summary>
/// <remarks>
/// The plot's units are the picture's pixels (axes hidden, no margins): each digit is a heatmap of its pixels, normalised
/// per image and drawn dark on white without smoothing, <see cref="Scale"/> screen pixels per image pixel.
/// </remarks>
internal static class DigitGridPlot
{
    private const int Scale = 3;
    private const int Gap = 14;
    private const int Caption = 20;
    private const int Header = 64;

    /// <summary>The PNG's size in pixels.</summary>
    public static (int Width, int Height) Size(int count, int side, int columns = 10)
    {
        columns = Math.Max(1, Math.Min(columns, count));
        int rows = (count + columns - 1) / columns;
        return (Math.Max(360, (columns * ((side * Scale) + Gap)) + Gap), Header + (rows * ((side * Scale) + Caption + Gap)) + 16);
    }

    /// <summary>Builds the plot of <paramref name="digits"/> (each <paramref name="side"/> × <paramref name="side"/>) in rows of <paramref name="columns"/>.</summary>
    public static Plot Draw(IReadOnlyList<DigitSample> digits, int side, string title, int columns = 10)
    {
        ChartFonts.EnsureInstalled();
        (int width, int height) = Size(digits.Count, side, columns);
        columns = Math.Max(1, Math.Min(columns, digits.Count));
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Family);
        plot.HideAxesAndGrid();
        plot.Layout.Frameless();
        plot.Axes.SetLimits(0, width, height, 0);

        Text(plot, title, width / 2.0, 24, 18, Color.FromHex("#222222"), bold: true);
        int wrong = digits.Count(d => d.IsWrong);
        Text(plot, $"label → prediction; {wrong} of {digits.Count} shown are wrong (red)", width / 2.0, 48, 13, Color.FromHex("#444444"));

        int box = side * Scale;
        for (int i = 0; i < digits.Count; i++)
        {
            DigitSample digit = digits[i];
            double x = Gap + ((i % columns) * (box + Gap));
            double y = Header + ((i / columns) * (box + Caption + Gap));
            var frame = plot.Add.Rectangle(x - 3, x + box + 3, y + box + 3, y - 3);
            frame.FillStyle.Color = Color.FromHex(digit.IsWrong ? "#fff0f0" : "#ffffff");
            frame.LineStyle.Color = Color.FromHex(digit.IsWrong ? "#d62728" : "#dddddd");
            frame.LineStyle.Width = digit.IsWrong ? 2 : 1;

            var image = plot.Add.Heatmap(Ink(digit.Pixels, side));
            image.Colormap = new ScottPlot.Colormaps.Grayscale();

            // The y axis runs downwards here (row 0 at the top, as in the image): flip so the digit stands upright.
            image.FlipVertically = true;
            image.Extent = new CoordinateRect(x, x + box, y + box, y);

            string caption = $"{digit.TrueLabel.ToString(CultureInfo.InvariantCulture)} → {digit.Predicted.ToString(CultureInfo.InvariantCulture)}";
            Text(plot, digit.IsWrong ? caption + " ✗" : caption, x + (box / 2.0), y + box + 12, 13, Color.FromHex(digit.IsWrong ? "#d62728" : "#222222"), digit.IsWrong);
        }

        return plot;
    }

    /// <summary>The image as heatmap values, 1 for paper and 0 for the darkest ink, row 0 at the top.</summary>
    private static double[,] Ink(float[] pixels, int side)
    {
        float min = pixels.Min();
        float range = Math.Max(pixels.Max() - min, 1e-6f);
        var values = new double[side, side];
        for (int row = 0; row < side; row++)
        {
            for (int column = 0; column < side; column++)
            {
                values[row, column] = 1 - ((pixels[(row * side) + column] - min) / range);
            }
        }

        return values;
    }

    private static void Text(Plot plot, string text, double x, double y, float size, Color color, bool bold = false)
    {
        var label = plot.Add.Text(text, x, y);
        label.LabelFontSize = size;
        label.LabelFontColor = color;
        label.LabelBold = bold;
        label.LabelAlignment = Alignment.MiddleCenter;
    }
}
