using NeuralNet.Layers;

namespace NeuralNet.Serialization.Onnx;

/// <summary>An <see cref="AveragePool2D"/> as AveragePool.</summary>
internal sealed class AveragePool2DEmitter() : PoolingEmitter(typeof(AveragePool2D), "AveragePool")
{
    /// <inheritdoc />
    protected override (int Size, int Stride) Geometry(Layer layer)
    {
        var pool = (AveragePool2D)layer;
        return (pool.Size, pool.Stride);
    }
}
