using SkiaSharp;

namespace DigitServer.Tests.Support;

/// <summary>Test images encoded by SkiaSharp.</summary>
public static class Images
{
    /// <summary>Gray levels (row by row) as an encoded image; <paramref name="invert"/> draws dark ink on white, as a user would.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> gray, int side, SKEncodedImageFormat format, bool invert = false, int scale = 1)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(side * scale, side * scale, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        Span<byte> rgba = bitmap.GetPixelSpan();
        for (int y = 0; y < side * scale; y++)
        {
            for (int x = 0; x < side * scale; x++)
            {
                byte g = gray[((y / scale) * side) + (x / scale)];
                int o = 4 * ((y * side * scale) + x);
                rgba[o] = rgba[o + 1] = rgba[o + 2] = invert ? (byte)(255 - g) : g;
                rgba[o + 3] = 255;
            }
        }

        using SKData data = bitmap.Encode(format, 95) ?? throw new InvalidOperationException($"Skia cannot encode {format}.");
        return data.ToArray();
    }

    /// <summary>A blank white picture.</summary>
    public static byte[] Blank(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.White);
        using SKData data = bitmap.Encode(SKEncodedImageFormat.Png, 100)!;
        return data.ToArray();
    }
}
