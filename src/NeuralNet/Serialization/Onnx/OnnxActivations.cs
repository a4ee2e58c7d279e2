using NeuralNet.Activations;
using NeuralNet.Layers;

namespace NeuralNet.Serialization.Onnx;

/// <summary>The ONNX nodes of the activations, shared by the layers that end with one (dense and convolution).</summary>
internal static class OnnxActivations
{
    /// <summary>The ONNX operator of an activation, or null for <see cref="Identity"/> (no node) and for activations ONNX cannot express.</summary>
    public static string? Operator(Activation activation) => activation switch
    {
        Relu => "Relu",
        LeakyRelu => "LeakyRelu",
        Sigmoid => "Sigmoid",
        Tanh => "Tanh",
        Softmax => "Softmax",
        _ => null,
    };

    /// <summary>Why a layer with <paramref name="activation"/> cannot be exported, or null when it can.</summary>
    public static string? Unsupported(Layer layer, Activation activation) =>
        Operator(activation) is null && activation is not Identity
            ? $"uses activation '{activation.Name}' (a {activation.GetType().Name}), which cannot be exported to ONNX; supported activations: ReLU, LeakyReLU, Sigmoid, Tanh, Softmax, Identity"
            : null;

    /// <summary>Adds <paramref name="activation"/> on <see cref="OnnxGraph.Current"/> (the layer's pre-activation), or nothing for the identity.</summary>
    /// <remarks>The elementwise ones keep an image an image. Softmax normalizes over a sample's every output, as NeuralNet's
    /// does over a column: on an image it first flattens it, since ONNX's Softmax (opset 13) works along one axis.</remarks>
    public static void Emit(OnnxGraph graph, Activation activation, string prefix)
    {
        string? op = Operator(activation);
        if (op is null)
        {
            return; // Identity: the pre-activation is the activation
        }

        if (activation is Softmax)
        {
            graph.AsFlat(prefix);
        }

        NodeProto node = OnnxProtos.Node(op, $"{prefix}.{op.ToLowerInvariant()}", [graph.Current], $"{prefix}.a");
        switch (activation)
        {
            case LeakyRelu leaky:
                node.Attribute.Add(OnnxProtos.FloatAttribute("alpha", leaky.Slope));
                break;
            case Softmax:
                node.Attribute.Add(OnnxProtos.IntAttribute("axis", 1)); // the class axis of [N, classes]
                break;
        }

        graph.Add(node, graph.Image);
    }
}
