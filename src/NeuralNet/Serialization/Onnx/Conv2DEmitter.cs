using NeuralNet.Layers;

namespace NeuralNet.Serialization.Onnx;

/// <summary>A <see cref="Conv2D"/> as Conv and its activation, after a Reshape to [N, C, H, W] when the tensor before is flat.</summary>
/// <remarks>The filters are <see cref="Conv2D.Weights"/> as they lie in memory, which is ONNX's W of shape
/// <c>[C_out, C_in, k, k]</c>; B is the C_out biases; <c>kernel_shape = [k, k]</c>, <c>strides = [s, s]</c> and
/// <c>pads = [p, p, p, p]</c> (top, left, bottom, right: the same zeros on every side, as the layer pads).
/// Both compute the cross-correlation <c>Z[o, y, x] = b[o] + Σ W[o, c, ky, kx]·X[c, y·s + ky − p, x·s + kx − p]</c>.</remarks>
internal sealed class Conv2DEmitter() : OnnxLayerEmitter(typeof(Conv2D))
{
    /// <inheritdoc />
    public override string? Unsupported(Layer layer) => OnnxActivations.Unsupported(layer, ((Conv2D)layer).Activation);

    /// <inheritdoc />
    public override void Emit(OnnxGraph graph, Layer layer, string prefix)
    {
        var conv = (Conv2D)layer;
        int k = conv.KernelSize;
        graph.AsImage(conv.InputShape, prefix);
        graph.Initialize(OnnxProtos.Tensor($"{prefix}.weights", conv.Weights.ValueSpan, [conv.OutputChannels, conv.InputChannels, k, k]));
        graph.Initialize(OnnxProtos.Tensor($"{prefix}.biases", conv.Biases.ValueSpan, [conv.OutputChannels]));

        NodeProto node = OnnxProtos.Node("Conv", $"{prefix}.conv", [graph.Current, $"{prefix}.weights", $"{prefix}.biases"], $"{prefix}.z");
        node.Attribute.Add(OnnxProtos.IntsAttribute("kernel_shape", k, k));
        node.Attribute.Add(OnnxProtos.IntsAttribute("strides", conv.Stride, conv.Stride));
        node.Attribute.Add(OnnxProtos.IntsAttribute("pads", conv.Padding, conv.Padding, conv.Padding, conv.Padding));
        graph.Add(node, conv.OutputShape);
        OnnxActivations.Emit(graph, conv.Activation, prefix);
    }
}
