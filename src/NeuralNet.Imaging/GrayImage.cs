namespace NeuralNet.Imaging;

/// <summary>A decoded image as 8-bit gray levels, row by row (0 black, 255 white).</summary>
internal sealed class GrayImage
{
    public GrayImage(byte[] pixels, int width, int height)
    {
        Pixels = pixels;
        Width = width;
        Height = height;
    }

    /// <summary><c>Width × Height</c> gray levels, row by row.</summary>
    public byte[] Pixels { get; }

    public int Width { get; }

    public int Height { get; }
}
