using System.Text;

namespace MnistTrainer.Display;

/// <summary>Draws square grayscale images with block characters: two pixel rows per text line, with half blocks.</summary>
/// <remarks>
/// Each character cell stands for a pixel above another: both dark is <c>█</c>, only the upper <c>▀</c>, only the
/// lower <c>▄</c>, neither a space. That needs no colour, so a digit reads the same in a terminal, a log file or a test.
/// Intensities are normalized per image (any input scaling works); a pixel counts as ink above 40% of the range.
/// </remarks>
internal static class DigitArt
{
    private const float Ink = 0.4f;

    /// <summary>Returns the image as <c>side / 2</c> lines of <c>side</c> characters.</summary>
    public static string[] Lines(ReadOnlySpan<float> pixels, int side)
    {
        float min = float.MaxValue;
        float max = float.MinValue;
        foreach (float v in pixels)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        float threshold = min + (Ink * Math.Max(max - min, 1e-6f));
        var lines = new string[(side + 1) / 2];
        var line = new StringBuilder(side);
        for (int row = 0; row < side; row += 2)
        {
            line.Clear();
            for (int column = 0; column < side; column++)
            {
                bool upper = pixels[(row * side) + column] > threshold;
                bool lower = row + 1 < side && pixels[((row + 1) * side) + column] > threshold;
                line.Append((upper, lower) switch
                {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    _ => ' ',
                });
            }

            lines[row / 2] = line.ToString();
        }

        return lines;
    }

    /// <summary>The side of the square images with <paramref name="features"/> pixels, or null when it is not a square.</summary>
    public static int? Side(int features)
    {
        int side = (int)Math.Round(Math.Sqrt(features));
        return side * side == features && side > 1 ? side : null;
    }
}
