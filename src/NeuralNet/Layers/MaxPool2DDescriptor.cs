namespace NeuralNet.Layers;

/// <summary>Saves a <see cref="MaxPool2D"/> as its input shape, window size and stride (record kind 4).</summary>
internal sealed class MaxPool2DDescriptor() : PoolingDescriptor(4, "max-pool", typeof(MaxPool2D))
{
    /// <inheritdoc />
    protected override (int Size, int Stride) Geometry(Layer layer)
    {
        var pool = (MaxPool2D)layer;
        return (pool.Size, pool.Stride);
    }

    /// <inheritdoc />
    protected override Layer Create(SampleShape input, int size, int stride) => new MaxPool2D(input, size, stride);
}
