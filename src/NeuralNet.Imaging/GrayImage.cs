using System.Buffers;

namespace NeuralNet.Imaging;

/// <summary>A decoded image as 8-bit gray levels, row by row (0 black, 255 white), in a pooled buffer returned on dispose.</summary>
/// <remarks>A server decodes one image per request: pooling keeps a 280 × 280 drawing's buffers off the large-object heap.</remarks>
internal sealed class GrayImage : IDisposable
{
    public GrayImage(byte[] pixels, int width, int height)
    {
        Pixels = pixels;
        Width = width;
        Height = height;
    }

    /// <summary><c>Width × Height</c> gray levels, row by row (the rented array may be longer).</summary>
    public byte[] Pixels { get; private set; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Images up to this many pixels (a 1024 × 1024 photo) use pooled buffers; larger ones are allocated, so the pool never keeps a huge one.</summary>
    public const int PooledPixels = 1 << 20;

    /// <summary>A buffer for <paramref name="width"/> × <paramref name="height"/> gray levels, pooled when the image is small enough.</summary>
    public static GrayImage Rent(int width, int height)
    {
        int count = width * height;
        return new(count <= PooledPixels ? ArrayPool<byte>.Shared.Rent(count) : new byte[count], width, height);
    }

    public void Dispose()
    {
        if (Pixels.Length > 0 && Width * Height <= PooledPixels)
        {
            ArrayPool<byte>.Shared.Return(Pixels);
        }

        Pixels = [];
    }
}
