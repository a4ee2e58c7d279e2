namespace NeuralNet.Imaging;

/// <summary>Gray levels turned into ink: bright strokes on a black background, as MNIST stores digits.</summary>
/// <remarks>
/// <para>The background is the median gray level of the border pixels (the outermost row and column on every side): a
/// median rather than a mean, so that a stroke touching the edge does not move it. With <see cref="Inversion.Auto"/>
/// the image is inverted, <c>g′ = 255 − g</c>, when that median is above mid-gray (127.5), that is when the background
/// is light, as on paper or a white canvas.</para>
/// <para>The background's level is then taken off and the rest stretched back to the full range,
/// <c>v = max(0, g′ − b) · 255 / (255 − b)</c> with <c>b</c> the border median after inversion, so a gray page or a dim
/// photo gets MNIST's exact-zero background. On an MNIST image <c>b</c> is 0 and nothing changes.</para>
/// </remarks>
internal static class InkImage
{
    /// <summary>Writes the ink of <paramref name="gray"/> into the first <c>width × height</c> values of <paramref name="ink"/>.</summary>
    public static void From(ReadOnlySpan<byte> gray, int width, int height, Inversion inversion, float[] ink)
    {
        int background = BorderMedian(gray, width, height);
        bool invert = inversion switch
        {
            Inversion.Always => true,
            Inversion.Never => false,
            _ => background > 127.5,
        };

        int b = invert ? 255 - background : background;

        // A border brighter than mid-gray after inversion is no background to remove (the ink fills the picture).
        if (b > 127)
        {
            b = 0;
        }

        float stretch = 255f / (255 - b);
        int count = width * height;
        for (int i = 0; i < count; i++)
        {
            int g = invert ? 255 - gray[i] : gray[i];
            ink[i] = Math.Max(0, g - b) * stretch;
        }
    }

    private static int BorderMedian(ReadOnlySpan<byte> gray, int width, int height)
    {
        Span<int> histogram = stackalloc int[256];
        int count = 0;
        for (int x = 0; x < width; x++)
        {
            histogram[gray[x]]++;
            count++;
            if (height > 1)
            {
                histogram[gray[((height - 1) * width) + x]]++;
                count++;
            }
        }

        for (int y = 1; y < height - 1; y++)
        {
            histogram[gray[y * width]]++;
            count++;
            if (width > 1)
            {
                histogram[gray[(y * width) + width - 1]]++;
                count++;
            }
        }

        int half = (count + 1) / 2;
        int seen = 0;
        for (int level = 0; level < 256; level++)
        {
            seen += histogram[level];
            if (seen >= half)
            {
                return level;
            }
        }

        return 255;
    }
}
