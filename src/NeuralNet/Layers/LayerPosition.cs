namespace NeuralNet.Layers;

/// <summary>Where a layer record sits in a model file: its index, and the features the layer before it outputs.</summary>
/// <param name="Index">The layer's index in the network, from 0.</param>
/// <param name="InputFeatures">The previous layer's outputs, or the network's input size for layer 0.</param>
internal readonly record struct LayerPosition(int Index, int InputFeatures)
{
    /// <summary>Says what the layer's input size must equal, for messages: "the network's input size is 784" or "layer 1 outputs 128".</summary>
    public string InputSource => Index == 0 ? "the network's input size is" : $"layer {Index - 1} outputs";
}
