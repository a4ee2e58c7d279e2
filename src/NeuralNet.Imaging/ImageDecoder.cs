using SkiaSharp;

namespace NeuralNet.Imaging;

/// <summary>Decodes PNG, JPEG, BMP (and whatever else Skia reads: GIF, WebP) into gray levels, transparent parts shown on white.</summary>
/// <remarks>
/// Gray is ITU-R BT.601 luma, <c>Y = 0.299 R + 0.587 G + 0.114 B</c>, as most imaging libraries' "convert to L" computes it.
/// A transparent pixel is composited over white, <c>g = a·Y + (1 − a)·255</c>, so a digit drawn in black on a transparent
/// canvas reads as black on white (and is then inverted). The size is checked from the header before any pixel is decoded.
/// </remarks>
internal static class ImageDecoder
{
    /// <summary>Decodes <paramref name="encoded"/>, naming it <paramref name="name"/> in errors.</summary>
    /// <exception cref="InvalidImageFileException">The bytes are not a decodable image, are truncated, or the image is larger than <paramref name="maxPixels"/>.</exception>
    public static GrayImage Decode(ReadOnlySpan<byte> encoded, string name, long maxPixels)
    {
        if (encoded.IsEmpty)
        {
            throw new InvalidImageFileException(name, $"{name} is empty (0 bytes); expected a PNG, JPEG or BMP image.", null);
        }

        using SKData data = SKData.CreateCopy(encoded);
        using SKCodec? codec = SKCodec.Create(data);
        if (codec is null)
        {
            throw new InvalidImageFileException(name, $"{name} is not an image Skia can decode (expected PNG, JPEG or BMP; the file starts with {Head(encoded)}).", null);
        }

        int width = codec.Info.Width;
        int height = codec.Info.Height;
        if (width < 1 || height < 1)
        {
            throw new InvalidImageFileException(name, $"{name} declares a {width}x{height} image; expected at least 1x1.", null);
        }

        if ((long)width * height > maxPixels)
        {
            throw new InvalidImageFileException(name, $"{name} is {width}x{height} = {(long)width * height:N0} pixels; at most {maxPixels:N0} are accepted.", null);
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        SKCodecResult result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            string why = result == SKCodecResult.IncompleteInput ? "is truncated or damaged (its pixel data ends early)" : $"cannot be decoded ({result})";
            throw new InvalidImageFileException(name, $"{name} {why}; a {codec.EncodedFormat} image of {width}x{height} was expected.", null);
        }

        GrayImage gray = GrayImage.Rent(width, height);
        ToGray(bitmap.GetPixelSpan(), gray.Pixels.AsSpan(0, width * height));
        return gray;
    }

    private static void ToGray(ReadOnlySpan<byte> rgba, Span<byte> gray)
    {
        // Integer arithmetic, rounded: luma in thousandths, then the alpha blend over white in 255ths.
        for (int i = 0; i < gray.Length; i++)
        {
            int o = 4 * i;
            int luma = ((299 * rgba[o]) + (587 * rgba[o + 1]) + (114 * rgba[o + 2]) + 500) / 1000;
            int alpha = rgba[o + 3];
            gray[i] = (byte)(((alpha * luma) + ((255 - alpha) * 255) + 127) / 255);
        }
    }

    private static string Head(ReadOnlySpan<byte> encoded)
    {
        ReadOnlySpan<byte> head = encoded[..Math.Min(8, encoded.Length)];
        return "0x" + Convert.ToHexString(head);
    }
}
