namespace NeuralNet.Imaging;

/// <summary>MNIST's layout of a digit: its bounding box fitted into 20 × 20 keeping the aspect ratio, then centred by its centre of mass in 28 × 28.</summary>
/// <remarks>
/// <para>LeCun, Cortes and Burges describe it on the MNIST page (http://yann.lecun.com/exdb/mnist/): "The original black and
/// white (bilevel) images from NIST were size normalized to fit in a 20x20 pixel box while preserving their aspect ratio.
/// The resulting images contain grey levels as a result of the anti-aliasing technique used by the normalization
/// algorithm. The images were centered in a 28x28 image by computing the center of mass of the pixels, and translating
/// the image so as to position this point at the center of the 28x28 field."</para>
/// <para>Here the bounding box holds the pixels whose ink is above <see cref="ImageInputOptions.InkThreshold"/>; its longer
/// side is scaled to exactly <see cref="ImageInputOptions.BoxSide"/> and the other by the same factor (rounded, at least 1),
/// with the anti-aliasing filter of <see cref="Resampler"/>. The centre of mass <c>(Σ v·x / Σ v, Σ v·y / Σ v)</c> of the
/// scaled box, in pixel indices, is moved by a whole number of pixels to index <c>Side / 2</c> (14 of 28), where real
/// MNIST digits have theirs; a whole-pixel move keeps the strokes as sharp as the scaling left them. Ink moved past the
/// edge is dropped.</para>
/// </remarks>
internal static class MnistLayout
{
    /// <summary>Lays out <paramref name="ink"/>; null when no pixel is above the threshold.</summary>
    public static float[]? Fit(float[] ink, int width, int height, ImageInputOptions options)
    {
        if (BoundingBox(ink, width, height, options.InkThreshold) is not var (left, top, right, bottom))
        {
            return null;
        }

        int boxWidth = right - left + 1;
        int boxHeight = bottom - top + 1;
        double factor = (double)options.BoxSide / Math.Max(boxWidth, boxHeight);
        int scaledWidth = Math.Max(1, (int)Math.Round(boxWidth * factor));
        int scaledHeight = Math.Max(1, (int)Math.Round(boxHeight * factor));
        float[] box = Resampler.Resize(ink, width, height, left, top, boxWidth, boxHeight, scaledWidth, scaledHeight);

        (double centerX, double centerY) = CenterOfMass(box, scaledWidth, scaledHeight);
        int side = options.Side;
        int offsetX = (int)Math.Round((side / 2.0) - centerX, MidpointRounding.AwayFromZero);
        int offsetY = (int)Math.Round((side / 2.0) - centerY, MidpointRounding.AwayFromZero);
        var result = new float[side * side];
        for (int y = 0; y < scaledHeight; y++)
        {
            int ty = y + offsetY;
            if (ty < 0 || ty >= side)
            {
                continue;
            }

            for (int x = 0; x < scaledWidth; x++)
            {
                int tx = x + offsetX;
                if (tx >= 0 && tx < side)
                {
                    result[(ty * side) + tx] = Math.Clamp(box[(y * scaledWidth) + x], 0f, 255f);
                }
            }
        }

        return result;
    }

    private static (int Left, int Top, int Right, int Bottom)? BoundingBox(float[] ink, int width, int height, int threshold)
    {
        int left = width, top = height, right = -1, bottom = -1;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                if (ink[(y * width) + x] > threshold)
                {
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                    top = Math.Min(top, y);
                    bottom = Math.Max(bottom, y);
                }
            }
        }

        return right < 0 ? null : (left, top, right, bottom);
    }

    private static (double X, double Y) CenterOfMass(float[] values, int width, int height)
    {
        double total = 0, sumX = 0, sumY = 0;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double v = values[(y * width) + x];
                total += v;
                sumX += v * x;
                sumY += v * y;
            }
        }

        return total > 0 ? (sumX / total, sumY / total) : ((width - 1) / 2.0, (height - 1) / 2.0);
    }
}
