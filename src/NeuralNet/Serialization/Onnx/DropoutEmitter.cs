using NeuralNet.Layers;

namespace NeuralNet.Serialization.Onnx;

/// <summary>A <see cref="Dropout"/> layer: no node, since it is the identity at inference (as in a PyTorch model exported in eval mode).</summary>
internal sealed class DropoutEmitter() : OnnxLayerEmitter(typeof(Dropout))
{
    /// <inheritdoc />
    public override void Emit(OnnxGraph graph, Layer layer, string prefix)
    {
    }
}
