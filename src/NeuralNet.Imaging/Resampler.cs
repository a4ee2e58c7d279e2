namespace NeuralNet.Imaging;

/// <summary>Resizes a gray image with the triangle (bilinear) filter, widened by the reduction factor when shrinking.</summary>
/// <remarks>
/// The algorithm of Pillow's <c>Image.resize(size, BILINEAR, box)</c>: output pixel <c>i</c> is centred on source position
/// <c>c = x0 + (i + ½)·s</c> with <c>s = (x1 − x0) / n</c>, and averages the source pixels <c>j</c> with weights
/// <c>w = max(0, 1 − |j + ½ − c| / max(s, 1))</c>, normalised to sum to 1. Shrinking therefore averages every source pixel
/// under the output pixel (anti-aliased, no pixel skipped); enlarging interpolates bilinearly; a scale of exactly 1 on a
/// whole-pixel box copies the pixels unchanged. Rows and columns are filtered separately.
/// </remarks>
internal static class Resampler
{
    /// <summary>Resizes the box <c>[x0, x0 + boxWidth) × [y0, y0 + boxHeight)</c> of <paramref name="source"/> to <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static float[] Resize(float[] source, int sourceWidth, int sourceHeight, double x0, double y0, double boxWidth, double boxHeight, int width, int height)
    {
        (int[] xStart, float[][] xWeights) = Coefficients(sourceWidth, x0, boxWidth, width);
        (int[] yStart, float[][] yWeights) = Coefficients(sourceHeight, y0, boxHeight, height);

        // Columns first, over only the rows the vertical pass reads, then rows.
        int firstRow = yStart[0];
        int endRow = yStart[^1] + yWeights[^1].Length;
        var horizontal = new float[sourceHeight * width];
        for (int y = firstRow; y < endRow; y++)
        {
            int row = y * sourceWidth;
            for (int x = 0; x < width; x++)
            {
                float[] weights = xWeights[x];
                int start = xStart[x];
                float sum = 0;
                for (int k = 0; k < weights.Length; k++)
                {
                    sum += weights[k] * source[row + start + k];
                }

                horizontal[(y * width) + x] = sum;
            }
        }

        var result = new float[width * height];
        for (int y = 0; y < height; y++)
        {
            float[] weights = yWeights[y];
            int start = yStart[y];
            for (int x = 0; x < width; x++)
            {
                float sum = 0;
                for (int k = 0; k < weights.Length; k++)
                {
                    sum += weights[k] * horizontal[((start + k) * width) + x];
                }

                result[(y * width) + x] = sum;
            }
        }

        return result;
    }

    private static (int[] Start, float[][] Weights) Coefficients(int sourceLength, double from, double length, int outputLength)
    {
        double scale = length / outputLength;
        double filterScale = Math.Max(scale, 1.0);
        double support = filterScale; // the triangle's support is 1, widened by the reduction factor
        var starts = new int[outputLength];
        var weights = new float[outputLength][];
        for (int i = 0; i < outputLength; i++)
        {
            double center = from + ((i + 0.5) * scale);
            int min = Math.Max((int)Math.Floor(center - support + 0.5), 0);
            int max = Math.Min((int)Math.Floor(center + support + 0.5), sourceLength);
            if (max <= min)
            {
                // A centre past the edge (only for boxes that reach outside the image): take the nearest pixel.
                min = Math.Clamp((int)Math.Floor(center), 0, sourceLength - 1);
                max = min + 1;
            }

            var w = new double[max - min];
            double total = 0;
            for (int j = min; j < max; j++)
            {
                double distance = Math.Abs(j + 0.5 - center) / filterScale;
                double value = distance < 1 ? 1 - distance : 0;
                w[j - min] = value;
                total += value;
            }

            starts[i] = min;
            weights[i] = total > 0 ? w.Select(v => (float)(v / total)).ToArray() : w.Select(_ => 1f / w.Length).ToArray();
        }

        return (starts, weights);
    }
}
