namespace NeuralNet.Layers;

/// <summary>Saves an <see cref="AveragePool2D"/> as its input shape, window size and stride (record kind 5).</summary>
internal sealed class AveragePool2DDescriptor() : PoolingDescriptor(5, "average-pool", typeof(AveragePool2D))
{
    /// <inheritdoc />
    protected override (int Size, int Stride) Geometry(Layer layer)
    {
        var pool = (AveragePool2D)layer;
        return (pool.Size, pool.Stride);
    }

    /// <inheritdoc />
    protected override Layer Create(SampleShape input, int size, int stride) => new AveragePool2D(input, size, stride);
}
