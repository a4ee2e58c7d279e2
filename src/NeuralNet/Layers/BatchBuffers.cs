using System.Runtime.CompilerServices;

namespace NeuralNet.Layers;

/// <summary>Per-batch-size workspaces, created on the first call for a size and kept.</summary>
/// <remarks>
/// A training epoch usually sees two batch sizes (the full one and the last, shorter one), and evaluation a third;
/// keeping a few sizes means none of them allocates after its first appearance.
/// </remarks>
internal sealed class BatchBuffers<T>
    where T : class
{
    private const int Capacity = 4;

    private readonly Func<int, T> _create;
    private readonly int[] _sizes = new int[Capacity];
    private readonly T?[] _buffers = new T?[Capacity];
    private int _next;

    public BatchBuffers(Func<int, T> create) => _create = create;

    /// <summary>Returns the workspace for <paramref name="batchSize"/> columns, creating it on first use.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public T For(int batchSize)
    {
        for (int i = 0; i < Capacity; i++)
        {
            if (_buffers[i] is { } buffer && _sizes[i] == batchSize)
            {
                return buffer;
            }
        }

        // Replace the oldest entry: a fifth batch size is rare and only costs a re-allocation.
        T created = _create(batchSize);
        _sizes[_next] = batchSize;
        _buffers[_next] = created;
        _next = (_next + 1) % Capacity;
        return created;
    }

    /// <summary>Forgets every workspace (after a change of shapes).</summary>
    public void Clear()
    {
        Array.Clear(_buffers);
        _next = 0;
    }
}
