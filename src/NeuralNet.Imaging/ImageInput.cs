using System.Buffers;

namespace NeuralNet.Imaging;

/// <summary>Turns an image (PNG, JPEG, BMP) into a model's input with the preprocessing MNIST itself used.</summary>
/// <remarks>
/// <para>The steps, in order:</para>
/// <list type="number">
/// <item>Decode and convert to gray (ITU-R BT.601 luma; transparency composited over white).</item>
/// <item>Invert when the background is light, decided by the median of the border pixels, and take the background's
/// level off so that it is exactly 0 (see <see cref="Inversion"/>).</item>
/// <item>With <see cref="ImageFit.CenterOfMass"/> (the default), fit the bounding box of the ink into 20 × 20 keeping the
/// aspect ratio, anti-aliased, and place it in 28 × 28 with its centre of mass at the centre, as LeCun, Cortes and
/// Burges describe MNIST's making on its page (http://yann.lecun.com/exdb/mnist/). With <see cref="ImageFit.Stretch"/>,
/// resize the whole image to the side instead.</item>
/// </list>
/// <para>The result is <c>Side²</c> floats, row by row (the order of MNIST's IDX files), in 0–255: the scale raw MNIST pixels
/// have. It is what <c>Network.Predict</c> takes, since a network applies its own input scaling (for instance ÷255) to raw
/// values. Every method is thread-safe.</para>
/// </remarks>
public static class ImageInput
{
    /// <summary>Reads the image file at <paramref name="path"/> and returns the model's input.</summary>
    /// <param name="path">A PNG, JPEG or BMP file (the content decides, not the extension).</param>
    /// <param name="options">How to preprocess; default <see cref="ImageInputOptions.Mnist"/>.</param>
    /// <returns><c>Side²</c> values in 0–255, row by row.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidImageFileException">The file is not a decodable image, is too large, or shows no ink; the message names it.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static float[] Load(string path, ImageInputOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Image file {path} does not exist.", path);
        }

        return Decode(File.ReadAllBytes(path), options, path);
    }

    /// <summary>Decodes an encoded image (the bytes of a PNG, JPEG or BMP file) and returns the model's input.</summary>
    /// <param name="encoded">The file's bytes.</param>
    /// <param name="options">How to preprocess; default <see cref="ImageInputOptions.Mnist"/>.</param>
    /// <param name="name">What to call the image in errors, such as its file name; default <c>image</c>.</param>
    /// <returns><c>Side²</c> values in 0–255, row by row.</returns>
    /// <exception cref="InvalidImageFileException">The bytes are not a decodable image, the image is too large, or it shows no ink.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static float[] Decode(ReadOnlySpan<byte> encoded, ImageInputOptions? options = null, string name = "image")
    {
        options ??= ImageInputOptions.Mnist;
        options.Validate();
        using GrayImage image = ImageDecoder.Decode(encoded, name, options.MaxPixels);
        return Preprocess(image.Pixels.AsSpan(0, image.Width * image.Height), image.Width, image.Height, options)
            ?? throw new InvalidImageFileException(name, $"{name} ({image.Width}x{image.Height}) shows no digit: no pixel differs from the background by more than {options.InkThreshold} gray levels.", null);
    }

    /// <summary>Preprocesses an image already in memory as gray levels (0 black, 255 white), row by row.</summary>
    /// <param name="gray"><paramref name="width"/> × <paramref name="height"/> gray levels, row by row.</param>
    /// <param name="width">The image's width in pixels.</param>
    /// <param name="height">The image's height in pixels.</param>
    /// <param name="options">How to preprocess; default <see cref="ImageInputOptions.Mnist"/>.</param>
    /// <returns><c>Side²</c> values in 0–255, row by row.</returns>
    /// <exception cref="ArgumentException"><paramref name="gray"/> does not hold <paramref name="width"/> × <paramref name="height"/> values, or shows no ink.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size or an option is out of range.</exception>
    public static float[] FromGrayscale(ReadOnlySpan<byte> gray, int width, int height, ImageInputOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (gray.Length != (long)width * height)
        {
            throw new ArgumentException($"A {width}x{height} image has {(long)width * height} pixels but {gray.Length} gray levels arrived.", nameof(gray));
        }

        options ??= ImageInputOptions.Mnist;
        options.Validate();
        return Preprocess(gray, width, height, options)
            ?? throw new ArgumentException($"The {width}x{height} image shows no digit: no pixel differs from the background by more than {options.InkThreshold} gray levels.", nameof(gray));
    }

    private static float[]? Preprocess(ReadOnlySpan<byte> gray, int width, int height, ImageInputOptions options)
    {
        bool pooled = width * height <= GrayImage.PooledPixels;
        float[] ink = pooled ? ArrayPool<float>.Shared.Rent(width * height) : new float[width * height];
        try
        {
            InkImage.From(gray, width, height, options.Inversion, ink);
            if (options.Fit == ImageFit.Stretch)
            {
                float[] resized = Resampler.Resize(ink, width, height, 0, 0, width, height, options.Side, options.Side);
                for (int i = 0; i < resized.Length; i++)
                {
                    resized[i] = Math.Clamp(resized[i], 0f, 255f);
                }

                return resized;
            }

            return MnistLayout.Fit(ink, width, height, options);
        }
        finally
        {
            if (pooled)
            {
                ArrayPool<float>.Shared.Return(ink);
            }
        }
    }
}
