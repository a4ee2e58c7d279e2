using NeuralNet.Layers;

namespace NeuralNet.Serialization.Onnx;

/// <summary>A <see cref="BatchNorm"/> as BatchNormalization in its inference form: scale γ, B β, mean μ_run, var σ²_run and epsilon ε.</summary>
/// <remarks>ONNX computes <c>Y = (X − mean)/√(var + ε)·scale + B</c> over axis 1: the channels of an [N, C, H, W] tensor
/// (a per-channel batch norm, after a Reshape when the tensor before is flat), or the features of an [N, C] one (a batch
/// norm of flat features, after a Flatten when the tensor before is an image). The layer's momentum only matters in
/// training and is not written.</remarks>
internal sealed class BatchNormEmitter() : OnnxLayerEmitter(typeof(BatchNorm))
{
    /// <inheritdoc />
    public override void Emit(OnnxGraph graph, Layer layer, string prefix)
    {
        var norm = (BatchNorm)layer;
        if (norm.InputShape.IsFlat)
        {
            graph.AsFlat(prefix);
        }
        else
        {
            graph.AsImage(norm.InputShape, prefix);
        }

        long[] dims = [norm.Channels];
        graph.Initialize(OnnxProtos.Tensor($"{prefix}.gamma", norm.Gamma.ValueSpan, dims));
        graph.Initialize(OnnxProtos.Tensor($"{prefix}.beta", norm.Beta.ValueSpan, dims));
        graph.Initialize(OnnxProtos.Tensor($"{prefix}.mean", norm.RunningMean, dims));
        graph.Initialize(OnnxProtos.Tensor($"{prefix}.variance", norm.RunningVariance, dims));
        NodeProto node = OnnxProtos.Node(
            "BatchNormalization", $"{prefix}.batchnorm", [graph.Current, $"{prefix}.gamma", $"{prefix}.beta", $"{prefix}.mean", $"{prefix}.variance"], $"{prefix}.normalized");
        node.Attribute.Add(OnnxProtos.FloatAttribute("epsilon", norm.Epsilon));
        graph.Add(node, graph.Image);
    }
}
