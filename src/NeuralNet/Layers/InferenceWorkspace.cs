using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using NeuralNet.Preprocessing;

namespace NeuralNet.Layers;

/// <summary>The buffers of one inference pass: the scaled input and each layer's output, kept for the last few batch sizes.</summary>
/// <remarks>
/// Owned by one thread at a time (the network pools them), which is what makes prediction thread-safe. Keeping a few
/// sizes matters: a caller that alternates single samples with a batch must not re-size (allocate) on every call.
/// </remarks>
internal sealed class InferenceWorkspace(int inputSize, int[] layerOutputSizes)
{
    private readonly BatchBuffers<Buffers> _buffers = new(m => new Buffers(inputSize, layerOutputSizes, m));
    private Buffers? _current;

    /// <summary>The number of columns the current buffers hold; 0 before the first <see cref="EnsureBatchSize"/>.</summary>
    public int BatchSize => _current?.BatchSize ?? 0;

    /// <summary>The input after <see cref="Preprocessing.InputScaling"/>, InputSize × BatchSize.</summary>
    public Matrix<float> ScaledInput
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        get => (_current ?? throw new InvalidOperationException("EnsureBatchSize comes first.")).ScaledInput;
    }

    /// <summary>The output of each layer the inference pass runs (every layer but dropout, which is the identity there), in order.</summary>
    public Matrix<float>[] Outputs
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        get => (_current ?? throw new InvalidOperationException("EnsureBatchSize comes first.")).Outputs;
    }

    /// <summary>Switches to the buffers for <paramref name="batchSize"/> columns, creating them the first time that size is seen.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void EnsureBatchSize(int batchSize)
    {
        if (_current?.BatchSize != batchSize)
        {
            _current = _buffers.For(batchSize);
        }
    }

    private sealed class Buffers(int inputSize, int[] layerOutputSizes, int batchSize)
    {
        public int BatchSize { get; } = batchSize;

        public Matrix<float> ScaledInput { get; } = MatrixSpans.Dense(inputSize, batchSize);

        public Matrix<float>[] Outputs { get; } = layerOutputSizes.Select(rows => MatrixSpans.Dense(rows, batchSize)).ToArray();
    }
}
