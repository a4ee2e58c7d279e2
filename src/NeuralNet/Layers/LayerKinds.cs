namespace NeuralNet.Layers;

/// <summary>The layers model files and checkpoints can hold, one descriptor each: the one place a new kind of layer is registered.</summary>
internal static class LayerKinds
{
    /// <summary>Every descriptor, by record kind.</summary>
    public static IReadOnlyList<LayerDescriptor> All { get; } =
    [
        new DenseLayerDescriptor(),
        new DropoutDescriptor(),
        new Conv2DDescriptor(),
        new MaxPool2DDescriptor(),
        new AveragePool2DDescriptor(),
        new BatchNormDescriptor(),
    ];

    /// <summary>The descriptor of <paramref name="layer"/>'s exact type, or <see langword="null"/> for a type model files cannot hold.</summary>
    public static LayerDescriptor? For(Layer layer)
    {
        foreach (LayerDescriptor descriptor in All)
        {
            if (descriptor.LayerType == layer.GetType())
            {
                return descriptor;
            }
        }

        return null;
    }

    /// <summary>The descriptor of record kind <paramref name="kind"/>, or <see langword="null"/> for a kind this version does not know.</summary>
    public static LayerDescriptor? For(ushort kind) => All.FirstOrDefault(d => d.Kind == kind);

    /// <summary>Lists the kinds for messages: "1 = dense, 2 = dropout, 3 = conv, ...".</summary>
    public static string Describe() => string.Join(", ", All.Select(d => $"{d.Kind} = {d.Name}"));

    /// <summary>Lists the layer types for messages: "DenseLayer, Dropout, Conv2D, ...".</summary>
    public static string TypeNames() => string.Join(", ", All.Select(d => d.LayerType.Name));
}
