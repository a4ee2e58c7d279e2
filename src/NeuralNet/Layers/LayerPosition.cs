namespace NeuralNet.Layers;

/// <summary>Where a layer record sits in a model file: its index, and the shape of what the layer before it outputs.</summary>
/// <param name="Index">The layer's index in the network, from 0.</param>
/// <param name="InputShape">
/// The previous layer's output shape (C × H × W for an image layer, flat otherwise), or the network's input size as a flat
/// shape for layer 0: a network's input is a column of features, which the first image layer reads as its own shape.
/// </param>
internal readonly record struct LayerPosition(int Index, SampleShape InputShape)
{
    /// <summary>Places layer <paramref name="index"/> after a layer of <paramref name="inputFeatures"/> flat outputs.</summary>
    public LayerPosition(int index, int inputFeatures)
        : this(index, SampleShape.Flat(inputFeatures))
    {
    }

    /// <summary>The previous layer's outputs per sample, or the network's input size for layer 0.</summary>
    public int InputFeatures => InputShape.Size;

    /// <summary>Says what the layer's input size must equal, for messages: "the network's input size is" or "layer 1 outputs".</summary>
    public string InputSource => Index == 0 ? "the network's input size is" : $"layer {Index - 1} outputs";

    /// <summary>Says why a layer reading samples as <paramref name="shape"/> cannot follow, or returns null when it can (see <see cref="SampleShape.Fits"/>).</summary>
    /// <param name="kind">The layer's word, such as <c>conv</c>.</param>
    /// <param name="shape">The input shape its record declares.</param>
    public string? Mismatch(string kind, SampleShape shape)
    {
        if (InputShape.Fits(shape))
        {
            return null;
        }

        string source = InputShape.IsFlat ? $"{InputSource} {InputFeatures} features" : $"{InputSource} {InputShape}";
        return $"layer {Index} ({kind}) takes {Describe(shape)} but {source}; the sizes in the file do not fit together.";
    }

    private static string Describe(SampleShape shape) => shape.IsFlat ? $"{shape.Size} features" : $"{shape} ({shape.Size} features)";
}
