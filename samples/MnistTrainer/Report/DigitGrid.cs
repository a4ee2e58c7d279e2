using System.Globalization;

namespace MnistTrainer.Report;

/// <summary>A grid of test images with their true and predicted labels as SVG; wrong predictions are framed and labelled in red.</summary>
/// <remarks>
/// Each image is drawn as rectangles: intensities are normalized per image, quantized to 8 grey levels, and runs of
/// equal level along a row merge into one rectangle, so a digit costs about 60 elements instead of 784.
/// </remarks>
internal static class DigitGrid
{
    private const double Pixel = 3;
    private const double Gap = 14;
    private const double Caption = 18;
    private const int Levels = 8;

    /// <summary>Draws <paramref name="digits"/> (each <paramref name="side"/> × <paramref name="side"/>) in rows of <paramref name="columns"/>.</summary>
    public static SvgWriter Render(IReadOnlyList<DigitSample> digits, int side, string title, int columns = 10)
    {
        columns = Math.Max(1, Math.Min(columns, digits.Count));
        int rows = (digits.Count + columns - 1) / columns;
        double box = side * Pixel;
        double cellWidth = box + Gap;
        double cellHeight = box + Caption + Gap;
        double width = Math.Max(360, (columns * cellWidth) + Gap);
        double height = 64 + (rows * cellHeight) + 24;
        var svg = new SvgWriter(width, height, title);
        svg.Text(width / 2, 28, title, 16, "middle", bold: true);
        int wrong = digits.Count(d => d.IsWrong);
        svg.Text(width / 2, 48, $"label → prediction; {wrong} of {digits.Count} shown are wrong (red)", 12, "middle", "#444444");

        for (int i = 0; i < digits.Count; i++)
        {
            DigitSample digit = digits[i];
            double x = Gap + ((i % columns) * cellWidth);
            double y = 64 + ((i / columns) * cellHeight);
            svg.Rect(x - 2, y - 2, box + 4, box + 4, digit.IsWrong ? "#fff0f0" : "#ffffff", digit.IsWrong ? "#d62728" : "#dddddd", digit.IsWrong ? 2 : 1);
            DrawPixels(svg, digit.Pixels, side, x, y);
            string caption = $"{digit.TrueLabel.ToString(CultureInfo.InvariantCulture)} → {digit.Predicted.ToString(CultureInfo.InvariantCulture)}";
            svg.Text(x + (box / 2), y + box + 15, digit.IsWrong ? caption + " ✗" : caption, 12, "middle", digit.IsWrong ? "#d62728" : "#222222", bold: digit.IsWrong);
        }

        return svg;
    }

    private static void DrawPixels(SvgWriter svg, float[] pixels, int side, double x, double y)
    {
        float min = pixels.Min();
        float range = Math.Max(pixels.Max() - min, 1e-6f);
        for (int row = 0; row < side; row++)
        {
            int column = 0;
            while (column < side)
            {
                int level = Level(pixels[(row * side) + column], min, range);
                int end = column + 1;
                while (end < side && Level(pixels[(row * side) + end], min, range) == level)
                {
                    end++;
                }

                if (level > 0)
                {
                    svg.Rect(x + (column * Pixel), y + (row * Pixel), (end - column) * Pixel, Pixel, "#000000", opacity: (double)level / Levels);
                }

                column = end;
            }
        }
    }

    private static int Level(float value, float min, float range) =>
        (int)Math.Round((value - min) / range * Levels);
}
