using SkiaSharp;

namespace NeuralNet.Imaging.Tests.Support;

/// <summary>Images the tests draw themselves with SkiaSharp, encoded as PNG, JPEG or BMP.</summary>
public static class Pictures
{
    /// <summary>A canvas of <paramref name="width"/> × <paramref name="height"/> filled with <paramref name="background"/>, drawn on by <paramref name="draw"/>.</summary>
    public static SKBitmap Draw(int width, int height, SKColor background, Action<SKCanvas> draw)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(background);
        draw(canvas);
        canvas.Flush();
        return bitmap;
    }

    /// <summary>A ring (a drawn "0") of stroke <paramref name="stroke"/> inside the canvas, in <paramref name="ink"/>.</summary>
    public static SKBitmap Ring(int width, int height, SKColor background, SKColor ink, float stroke = 0)
    {
        return Draw(width, height, background, canvas =>
        {
            float size = Math.Min(width, height);
            using var paint = new SKPaint { Color = ink, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = stroke > 0 ? stroke : size / 8 };
            canvas.DrawOval(new SKRect(width * 0.3f, height * 0.15f, width * 0.7f, height * 0.85f), paint);
        });
    }

    /// <summary>A bar (a drawn "1"), vertical, in <paramref name="ink"/>.</summary>
    public static SKBitmap Bar(int width, int height, SKColor background, SKColor ink)
    {
        return Draw(width, height, background, canvas =>
        {
            using var paint = new SKPaint { Color = ink, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = Math.Max(1, Math.Min(width, height) / 10f), StrokeCap = SKStrokeCap.Round };
            canvas.DrawLine(width * 0.5f, height * 0.15f, width * 0.5f, height * 0.85f, paint);
        });
    }

    /// <summary>A cross (an "x"), in <paramref name="ink"/>.</summary>
    public static SKBitmap Cross(int width, int height, SKColor background, SKColor ink)
    {
        return Draw(width, height, background, canvas =>
        {
            using var paint = new SKPaint { Color = ink, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = Math.Max(1, Math.Min(width, height) / 10f), StrokeCap = SKStrokeCap.Round };
            canvas.DrawLine(width * 0.2f, height * 0.2f, width * 0.8f, height * 0.8f, paint);
            canvas.DrawLine(width * 0.8f, height * 0.2f, width * 0.2f, height * 0.8f, paint);
        });
    }

    /// <summary>A gray image of the given levels (row by row) as a bitmap.</summary>
    public static SKBitmap FromGray(ReadOnlySpan<byte> gray, int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        Span<byte> rgba = bitmap.GetPixelSpan();
        for (int i = 0; i < gray.Length; i++)
        {
            rgba[4 * i] = rgba[(4 * i) + 1] = rgba[(4 * i) + 2] = gray[i];
            rgba[(4 * i) + 3] = 255;
        }

        return bitmap;
    }

    /// <summary>The bitmap encoded as <paramref name="format"/> (BMP written by hand: Skia encodes no BMP).</summary>
    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality = 95)
    {
        if (format == SKEncodedImageFormat.Bmp)
        {
            return Bmp(bitmap);
        }

        using SKData data = bitmap.Encode(format, quality) ?? throw new InvalidOperationException($"Skia cannot encode {format}.");
        return data.ToArray();
    }

    /// <summary>The bitmap written to <paramref name="path"/> in the format its extension names.</summary>
    public static string Save(SKBitmap bitmap, string path)
    {
        SKEncodedImageFormat format = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".jpg" or ".jpeg" => SKEncodedImageFormat.Jpeg,
            ".bmp" => SKEncodedImageFormat.Bmp,
            _ => SKEncodedImageFormat.Png,
        };
        File.WriteAllBytes(path, Encode(bitmap, format));
        return path;
    }

    /// <summary>A 24-bit uncompressed BMP: BITMAPFILEHEADER, BITMAPINFOHEADER, bottom-up rows padded to 4 bytes.</summary>
    private static byte[] Bmp(SKBitmap bitmap)
    {
        int width = bitmap.Width, height = bitmap.Height;
        int rowBytes = ((width * 3) + 3) & ~3;
        int size = 54 + (rowBytes * height);
        var bytes = new byte[size];
        using var stream = new MemoryStream(bytes);
        using var writer = new BinaryWriter(stream);
        writer.Write((byte)'B');
        writer.Write((byte)'M');
        writer.Write(size);
        writer.Write(0);
        writer.Write(54);
        writer.Write(40);
        writer.Write(width);
        writer.Write(height);
        writer.Write((short)1);
        writer.Write((short)24);
        writer.Write(0);
        writer.Write(rowBytes * height);
        writer.Write(2835);
        writer.Write(2835);
        writer.Write(0);
        writer.Write(0);
        for (int y = height - 1; y >= 0; y--)
        {
            long start = stream.Position;
            for (int x = 0; x < width; x++)
            {
                SKColor c = bitmap.GetPixel(x, y);
                writer.Write(c.Blue);
                writer.Write(c.Green);
                writer.Write(c.Red);
            }

            stream.Position = start + rowBytes;
        }

        return bytes;
    }
}
