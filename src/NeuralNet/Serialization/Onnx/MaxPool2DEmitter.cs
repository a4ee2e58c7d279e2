using NeuralNet.Layers;

namespace NeuralNet.Serialization.Onnx;

/// <summary>A <see cref="MaxPool2D"/> as MaxPool.</summary>
internal sealed class MaxPool2DEmitter() : PoolingEmitter(typeof(MaxPool2D), "MaxPool")
{
    /// <inheritdoc />
    protected override (int Size, int Stride) Geometry(Layer layer)
    {
        var pool = (MaxPool2D)layer;
        return (pool.Size, pool.Stride);
    }
}
