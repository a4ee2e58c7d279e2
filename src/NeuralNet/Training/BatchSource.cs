using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using NeuralNet.Data;

namespace NeuralNet.Training;

/// <summary>Gathers the samples of each batch into reusable buffers: inputs, targets (one-hot classes or regression values) and labels.</summary>
/// <remarks>
/// An epoch sees at most two batch sizes (the full one and what is left at the end), so after the first epoch nothing
/// here allocates. A batch of the whole training set uses the dataset's own matrices and skips the copy: full-batch
/// gradient descent over 60,000 MNIST images would otherwise copy 188 MB per iteration.
/// </remarks>
internal sealed class BatchSource
{
    private readonly Dataset _data;
    private readonly int _outputs;
    private readonly Layers.BatchBuffers<Batch> _batches;
    private Batch? _whole;

    public BatchSource(Dataset data, int outputs, int batchSize)
    {
        _data = data;
        _outputs = outputs;
        BatchSize = Math.Min(batchSize, data.Count);
        BatchesPerEpoch = (data.Count + BatchSize - 1) / BatchSize;
        bool classes = data.Task == DatasetTask.Classification;
        _batches = new Layers.BatchBuffers<Batch>(m => new Batch(MatrixSpans.Dense(data.FeatureCount, m), MatrixSpans.Dense(outputs, m), classes ? new int[m] : [], m));
    }

    /// <summary>Samples per batch (the last one of an epoch may hold fewer).</summary>
    public int BatchSize { get; }

    /// <summary>Batches in one epoch.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>The samples of batch <paramref name="index"/> of an epoch in <paramref name="order"/>, gathered.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Batch Get(int[] order, int index)
    {
        int start = index * BatchSize;
        int count = Math.Min(BatchSize, _data.Count - start);
        if (count == _data.Count)
        {
            // The whole set: every sample is in, so their order does not change the mean gradient.
            return _whole ??= WholeSet();
        }

        Batch batch = _batches.For(count);
        ReadOnlySpan<int> indices = order.AsSpan(start, count);
        if (_data.Task == DatasetTask.Regression)
        {
            _data.FillBatch(indices, batch.Inputs, batch.Targets);
            return batch;
        }

        _data.FillBatch(indices, batch.Inputs, targets: null, batch.LabelArray);
        OneHot.Fill(batch.LabelArray, batch.Targets);
        return batch;
    }

    private Batch WholeSet()
    {
        if (_data.Targets is { } values)
        {
            return new Batch(_data.InputMatrix, values, [], _data.Count);
        }

        int[] labels = _data.Labels.ToArray();
        Matrix<float> targets = MatrixSpans.Dense(_outputs, _data.Count);
        OneHot.Fill(labels, targets);
        return new Batch(_data.InputMatrix, targets, labels, _data.Count);
    }

    /// <summary>One gathered batch: inputs (features × k), targets (outputs × k) and, for classification, labels (k; empty for regression).</summary>
    internal sealed record Batch(Matrix<float> Inputs, Matrix<float> Targets, int[] LabelArray, int Count);
}
