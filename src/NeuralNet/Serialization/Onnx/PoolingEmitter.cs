using NeuralNet.Layers;

namespace NeuralNet.Serialization.Onnx;

/// <summary>A 2-D pooling layer as MaxPool or AveragePool (<c>kernel_shape = [k, k]</c>, <c>strides = [s, s]</c>, no padding, floor rounding: the layers' own windows).</summary>
/// <remarks>Without padding, AveragePool's <c>count_include_pad</c> changes nothing: every window averages k² values, as <see cref="AveragePool2D"/> does.</remarks>
internal abstract class PoolingEmitter(Type layerType, string op) : OnnxLayerEmitter(layerType)
{
    /// <inheritdoc />
    public override void Emit(OnnxGraph graph, Layer layer, string prefix)
    {
        (int size, int stride) = Geometry(layer);
        graph.AsImage(layer.InputShape, prefix);
        NodeProto node = OnnxProtos.Node(op, $"{prefix}.{op.ToLowerInvariant()}", [graph.Current], $"{prefix}.pooled");
        node.Attribute.Add(OnnxProtos.IntsAttribute("kernel_shape", size, size));
        node.Attribute.Add(OnnxProtos.IntsAttribute("strides", stride, stride));
        graph.Add(node, layer.OutputShape);
    }

    /// <summary>The layer's window size and stride.</summary>
    protected abstract (int Size, int Stride) Geometry(Layer layer);
}
