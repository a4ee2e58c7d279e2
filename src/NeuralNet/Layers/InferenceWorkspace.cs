using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;

namespace NeuralNet.Layers;

/// <summary>The buffers of one inference pass: the scaled input and each layer's output, for one batch size.</summary>
/// <remarks>Owned by one thread at a time (the network pools them), which is what makes prediction thread-safe.</remarks>
internal sealed class InferenceWorkspace(int inputSize, int[] layerOutputSizes)
{
    /// <summary>The number of columns the buffers hold; 0 before the first <see cref="EnsureBatchSize"/>.</summary>
    public int BatchSize { get; private set; }

    /// <summary>The input after <see cref="Data.InputScaling"/>, InputSize × BatchSize.</summary>
    public Matrix<float> ScaledInput { get; private set; } = null!;

    /// <summary>The output of layer i, one matrix per layer.</summary>
    public Matrix<float>[] Outputs { get; } = new Matrix<float>[layerOutputSizes.Length];

    /// <summary>Re-sizes the buffers when <paramref name="batchSize"/> differs from the current one.</summary>
    public void EnsureBatchSize(int batchSize)
    {
        if (batchSize == BatchSize)
        {
            return;
        }

        ScaledInput = MatrixSpans.Dense(inputSize, batchSize);
        for (int i = 0; i < Outputs.Length; i++)
        {
            Outputs[i] = MatrixSpans.Dense(layerOutputSizes[i], batchSize);
        }

        BatchSize = batchSize;
    }
}
