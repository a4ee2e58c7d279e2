using NeuralNet.Layers;

namespace NeuralNet.Serialization.Onnx;

/// <summary>The layers an ONNX export can hold, one emitter each: the one place a new kind of layer is registered for export.</summary>
internal static class OnnxLayerEmitters
{
    /// <summary>Every emitter.</summary>
    public static IReadOnlyList<OnnxLayerEmitter> All { get; } =
    [
        new DenseLayerEmitter(),
        new DropoutEmitter(),
        new Conv2DEmitter(),
        new MaxPool2DEmitter(),
        new AveragePool2DEmitter(),
        new BatchNormEmitter(),
    ];

    /// <summary>The emitter of <paramref name="layer"/>'s exact type, or <see langword="null"/> for a type ONNX export does not know.</summary>
    public static OnnxLayerEmitter? For(Layer layer) => All.FirstOrDefault(e => e.LayerType == layer.GetType());

    /// <summary>Lists the layer types for messages: "DenseLayer, Dropout, Conv2D, ...".</summary>
    public static string TypeNames() => string.Join(", ", All.Select(e => e.LayerType.Name));
}
