using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using NeuralNet.Data;

namespace NeuralNet.Training;

/// <summary>Gathers the samples of each batch into reusable buffers: inputs, targets (one-hot classes or regression values) and labels.</summary>
/// <remarks>
/// <para>An epoch sees at most two batch sizes (the full one and what is left at the end), so after the first epoch
/// nothing here allocates. A batch of the whole training set uses the dataset's own matrices and skips the copy:
/// full-batch gradient descent over 60,000 MNIST images would otherwise copy 188 MB per iteration.</para>
/// <para>While a batch is trained on, the next one of the epoch is gathered into a second buffer by the product
/// helpers in the time they would spend waiting, and by the caller while it waits for a helper's part of a product
/// (<see cref="ProductWorkers.TryPost"/>); what they have not copied by
/// the time it is asked for, the caller copies. The copy is exact whoever makes it.</para>
/// </remarks>
internal sealed class BatchSource
{
    private readonly Dataset _data;
    private readonly int _outputs;
    private readonly Layers.BatchBuffers<Batch> _batches;
    private readonly Batch[] _full = new Batch[2];
    private readonly GatherAhead _ahead;
    private Batch? _whole;
    private int _nextFull; // the full buffer of the last batch handed out or gathered ahead

    // The batch being gathered ahead: its epoch's order, its index, its buffer; null when none is.
    private int[]? _aheadOrder;
    private int _aheadIndex;
    private Batch? _aheadBatch;
    private ProductWorkers? _aheadWorkers;

    public BatchSource(Dataset data, int outputs, int batchSize)
    {
        _data = data;
        _outputs = outputs;
        BatchSize = Math.Min(batchSize, data.Count);
        BatchesPerEpoch = (data.Count + BatchSize - 1) / BatchSize;
        _batches = new Layers.BatchBuffers<Batch>(NewBatch);
        _ahead = new GatherAhead(data);
    }

    /// <summary>Whether the next batch is gathered on the helpers while one is trained on; tests turn it off to compare.</summary>
    internal static bool GathersAhead { get; set; } = true;

    /// <summary>Samples per batch (the last one of an epoch may hold fewer).</summary>
    public int BatchSize { get; }

    /// <summary>Batches in one epoch.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>The samples of batch <paramref name="index"/> of an epoch in <paramref name="order"/>, gathered.</summary>
    /// <remarks>Full batches alternate between two buffers: a batch stays valid until the call after next.</remarks>
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

        ReadOnlySpan<int> indices = order.AsSpan(start, count);
        Batch? ahead = ReferenceEquals(_aheadOrder, order) && _aheadIndex == index ? _aheadBatch : null;
        FinishAhead();
        bool regression = _data.Task == DatasetTask.Regression;
        Batch batch;
        if (ahead is not null)
        {
            batch = ahead;
            _data.FillTargets(indices, regression ? batch.Targets : null, batch.LabelArray);
        }
        else
        {
            if (count == BatchSize)
            {
                _nextFull ^= 1;
                batch = Full(_nextFull);
            }
            else
            {
                batch = _batches.For(count);
            }

            _data.FillBatch(indices, batch.Inputs, regression ? batch.Targets : null, batch.LabelArray);
        }

        if (!regression)
        {
            OneHot.Fill(batch.LabelArray, batch.Targets);
        }

        StartAhead(order, index + 1);
        return batch;
    }

    /// <summary>Finishes the batch being gathered ahead, if any, and frees the helpers' channel for other callers: before each batch is handed out, and at the end of a run.</summary>
    public void FinishAhead()
    {
        if (_aheadWorkers is { } workers)
        {
            _aheadWorkers = null;
            _aheadBatch = null;
            _aheadOrder = null;
            workers.Finish();
        }
    }

    // Hands the next batch of the epoch, when it is a full one, to the helpers.
    private void StartAhead(int[] order, int index)
    {
        int start = index * BatchSize;
        if (!GathersAhead || index >= BatchesPerEpoch || _data.Count - start < BatchSize || ComputeBackend.Workers is not { } workers)
        {
            return;
        }

        Batch next = Full(_nextFull ^ 1);
        _ahead.Set(order, start, BatchSize, next.Inputs);
        if (workers.TryPost(_ahead, _ahead.Parts))
        {
            _nextFull ^= 1;
            _aheadOrder = order;
            _aheadIndex = index;
            _aheadBatch = next;
            _aheadWorkers = workers;
        }
    }

    // The two full-size buffers, used in turn: the one being trained on, and the one being gathered into.
    private Batch Full(int which) => _full[which] ??= NewBatch(BatchSize);

    private Batch NewBatch(int count) =>
        new(MatrixSpans.Dense(_data.FeatureCount, count), MatrixSpans.Dense(_outputs, count), _data.Task == DatasetTask.Classification ? new int[count] : [], count);

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

    /// <summary>The gather of one batch's inputs, a few samples a part.</summary>
    private sealed class GatherAhead(Dataset data) : IBackgroundParts
    {
        // Four samples a part: a product that comes meanwhile waits for at most four samples' copy (about a microsecond).
        private const int SamplesPerPart = 4;

        private int[] _order = [];
        private int _start;
        private int _count;
        private Matrix<float>? _destination;

        public int Parts => (_count + SamplesPerPart - 1) / SamplesPerPart;

        public void Set(int[] order, int start, int count, Matrix<float> destination)
        {
            _order = order;
            _start = start;
            _count = count;
            _destination = destination;
        }

        public void RunPart(int part)
        {
            int first = part * SamplesPerPart;
            int samples = Math.Min(SamplesPerPart, _count - first);
            int features = data.FeatureCount;
            // On this thread only: a helper must not hand work to the helpers.
            data.FillInputs(_order.AsSpan(_start + first, samples), MatrixSpans.Values(_destination!).Slice(first * features, samples * features), split: false);
        }
    }
}
