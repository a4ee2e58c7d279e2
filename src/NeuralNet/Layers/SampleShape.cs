using System.Globalization;

namespace NeuralNet.Layers;

/// <summary>The shape of one sample as a layer reads or writes it: <see cref="Channels"/> × <see cref="Height"/> × <see cref="Width"/>.</summary>
/// <remarks>
/// <para>A batch stays a features × m matrix with one sample per column; the shape only says how a column is read.
/// Images are channel-major: value (c, y, x) of a sample is row <c>c·H·W + y·W + x</c> of its column, so each channel is
/// a contiguous H·W block in row-major order, as in PyTorch's NCHW tensors.</para>
/// <para>Fully-connected layers see flat samples, n × 1 × 1 (<see cref="Flat"/>). A flat shape fits any shape of the
/// same <see cref="Size"/>: a dense layer after a convolution or pooling layer takes the flattened C·H·W features as
/// they are, with no reshaping layer, because the column already is the flattened sample.</para>
/// </remarks>
/// <param name="Channels">C, at least 1.</param>
/// <param name="Height">H, at least 1.</param>
/// <param name="Width">W, at least 1.</param>
public readonly record struct SampleShape(int Channels, int Height, int Width)
{
    /// <summary>The number of values of a sample: C·H·W, the rows of a batch.</summary>
    public int Size => Channels * Height * Width;

    /// <summary>Whether this is a flat vector of features (H = W = 1), the shape of fully-connected layers.</summary>
    public bool IsFlat => Height == 1 && Width == 1;

    /// <summary>The flat shape of <paramref name="features"/> values: features × 1 × 1.</summary>
    public static SampleShape Flat(int features) => new(features, 1, 1);

    /// <summary>Returns the shape after checking that every dimension is positive and the size fits an <see cref="int"/>, for the layers' constructors.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive, or C·H·W exceeds <see cref="int.MaxValue"/>.</exception>
    internal static SampleShape Image(int channels, int height, int width, string parameterName = "shape")
    {
        if (channels <= 0 || height <= 0 || width <= 0 || (long)channels * height * width > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                $"A sample shape needs positive channels, height and width whose product fits an int, but got {channels}×{height}×{width}.");
        }

        return new SampleShape(channels, height, width);
    }

    /// <summary>Whether a layer producing this shape can feed one expecting <paramref name="input"/>: equal shapes, or equal sizes when either is flat.</summary>
    public bool Fits(SampleShape input) => this == input || ((IsFlat || input.IsFlat) && Size == input.Size);

    /// <summary>Returns <c>C×H×W</c> such as <c>32×14×14</c>, or the number of features of a flat shape, such as <c>128</c>.</summary>
    public override string ToString() => IsFlat
        ? Channels.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Channels}×{Height}×{Width}");
}
