namespace NeuralNet.Layers;

/// <summary>A layer as its model-file record describes it, checked but not yet built.</summary>
/// <param name="InputShape">How the layer reads a sample (flat for fully-connected layers).</param>
/// <param name="OutputShape">How the layer lays out its output sample, which the next record is checked against.</param>
/// <param name="ParameterCount">The float32 values of its parameters, which the file must hold.</param>
/// <param name="Create">Builds the layer with its parameters uninitialized (the file's values are read into them).</param>
internal sealed record LayerBlueprint(SampleShape InputShape, SampleShape OutputShape, long ParameterCount, Func<Layer> Create)
{
    /// <summary>A blueprint of a layer on flat samples: <paramref name="inputSize"/> features in, <paramref name="outputSize"/> out.</summary>
    public LayerBlueprint(int inputSize, int outputSize, long parameterCount, Func<Layer> create)
        : this(SampleShape.Flat(inputSize), SampleShape.Flat(outputSize), parameterCount, create)
    {
    }

    /// <summary>Features per sample in.</summary>
    public int InputSize => InputShape.Size;

    /// <summary>Features per sample out.</summary>
    public int OutputSize => OutputShape.Size;
}
