using System.Globalization;

namespace NeuralNet.Layers;

/// <summary>The windows of a 2-D pooling layer: size × size squares, <c>stride</c> apart, inside each plane (no padding, rounding down as PyTorch's default).</summary>
internal readonly struct PoolingWindows
{
    public PoolingWindows(SampleShape input, int size, int stride, string layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        input = SampleShape.Image(input.Channels, input.Height, input.Width, nameof(input));
        if (size > input.Height || size > input.Width)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{layer} with {size}×{size} windows does not fit in a {input} input: windows must not be larger than the planes."),
                nameof(size));
        }

        Input = input;
        Size = size;
        Stride = stride;
        Output = new SampleShape(input.Channels, ((input.Height - size) / stride) + 1, ((input.Width - size) / stride) + 1);
    }

    public SampleShape Input { get; }

    public SampleShape Output { get; }

    public int Size { get; }

    public int Stride { get; }

    /// <summary><c>(size)</c>, or <c>(size, stride s)</c> when the windows are not side by side.</summary>
    public string Describe() => Stride == Size
        ? Size.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Size}, stride {Stride}");
}
