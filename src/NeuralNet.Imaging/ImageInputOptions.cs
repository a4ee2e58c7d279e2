namespace NeuralNet.Imaging;

/// <summary>How <see cref="ImageInput"/> turns an image into a model's input.</summary>
/// <remarks>The defaults reproduce MNIST: 28 × 28 pixels, the digit fitted into 20 × 20 and centred by its centre of mass.</remarks>
public sealed class ImageInputOptions
{
    private readonly int? _boxSide;

    /// <summary>The options MNIST's preprocessing used: 28 × 28, a 20 × 20 box, centred by the centre of mass, inverted on light backgrounds.</summary>
    public static ImageInputOptions Mnist { get; } = new();

    /// <summary>The output's side in pixels: the model takes <c>Side²</c> features; default 28.</summary>
    public int Side { get; init; } = 28;

    /// <summary>The side of the box the ink's bounding box is fitted into with <see cref="ImageFit.CenterOfMass"/>; default 20 of 28 of <see cref="Side"/>, rounded (MNIST's 20 for 28).</summary>
    public int BoxSide
    {
        get => _boxSide ?? Math.Max(1, (int)Math.Round(Side * 20.0 / 28.0));
        init => _boxSide = value;
    }

    /// <summary>How the image is brought to the side; default <see cref="ImageFit.CenterOfMass"/>.</summary>
    public ImageFit Fit { get; init; } = ImageFit.CenterOfMass;

    /// <summary>Whether the gray levels are inverted; default <see cref="Inversion.Auto"/> (decided by the border pixels).</summary>
    public Inversion Inversion { get; init; } = Inversion.Auto;

    /// <summary>
    /// Gray levels (0–255, after inversion and background removal) at or below which a pixel is not ink when the bounding box
    /// is found; default 16, above the noise of a JPEG or a scanned page.
    /// </summary>
    public int InkThreshold { get; init; } = 16;

    /// <summary>The largest image accepted, in pixels (width × height), checked before it is decoded; default 25 million.</summary>
    /// <remarks>Protects a server from a small file that decodes into a huge bitmap.</remarks>
    public long MaxPixels { get; init; } = 25_000_000;

    /// <summary>The options for a model that takes <paramref name="featureCount"/> features: <see cref="Side"/> is its square root (the box 20 of 28 of it).</summary>
    /// <param name="featureCount">The model's input size, such as <c>Network.InputSize</c>.</param>
    /// <param name="fit">How the image is brought to the side.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="featureCount"/> is not the square of a whole number of at least 2.</exception>
    public static ImageInputOptions ForInputSize(int featureCount, ImageFit fit = ImageFit.CenterOfMass)
    {
        int side = (int)Math.Round(Math.Sqrt(Math.Max(featureCount, 0)));
        if (side < 2 || side * side != featureCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(featureCount),
                featureCount,
                $"An image input needs a square number of features (28x28 = 784 for MNIST) but the model takes {featureCount}.");
        }

        return new ImageInputOptions { Side = side, Fit = fit };
    }

    /// <summary>Checks that the values fit together.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    internal void Validate()
    {
        if (Side < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Side), Side, "Side must be at least 1 pixel.");
        }

        if (BoxSide < 1 || BoxSide > Side)
        {
            throw new ArgumentOutOfRangeException(nameof(BoxSide), BoxSide, $"BoxSide must be between 1 and Side ({Side}).");
        }

        if (InkThreshold is < 0 or > 254)
        {
            throw new ArgumentOutOfRangeException(nameof(InkThreshold), InkThreshold, "InkThreshold must be a gray level from 0 to 254.");
        }

        if (MaxPixels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPixels), MaxPixels, "MaxPixels must be positive.");
        }
    }
}
