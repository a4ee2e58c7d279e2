using NeuralNet.Layers;

namespace NeuralNet.Serialization.Onnx;

/// <summary>Turns one kind of layer into ONNX nodes; <see cref="OnnxLayerEmitters"/> lists one per layer type.</summary>
internal abstract class OnnxLayerEmitter(Type layerType)
{
    /// <summary>The type of layer this emitter writes (exactly; subclasses may compute something else).</summary>
    public Type LayerType { get; } = layerType;

    /// <summary>Why <paramref name="layer"/> cannot be written (a custom activation), or null when it can; checked for every layer before any node is made.</summary>
    public virtual string? Unsupported(Layer layer) => null;

    /// <summary>Adds the nodes and initializers of <paramref name="layer"/> to <paramref name="graph"/>, reading <see cref="OnnxGraph.Current"/>.</summary>
    /// <param name="graph">The graph being built.</param>
    /// <param name="layer">The layer.</param>
    /// <param name="prefix">The prefix of its names, such as <c>layer2</c>.</param>
    public abstract void Emit(OnnxGraph graph, Layer layer, string prefix);
}
