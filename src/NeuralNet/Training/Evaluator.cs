using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Preprocessing;

namespace NeuralNet.Training;

/// <summary>Runs a network's inference pass over a labelled dataset in chunks, reusing its buffers, and tallies loss and confusion.</summary>
/// <remarks>
/// Chunks bound the memory (1,024 samples at a time rather than a 10,000-column activation per layer); one evaluator
/// per training run means validating after every epoch allocates only the result. The inputs are taken as they are in
/// the dataset, already scaled, so the dataset must carry the network's <see cref="Network.InputScaling"/>.
/// </remarks>
internal sealed class Evaluator(Network network)
{
    /// <summary>Samples per inference chunk.</summary>
    public const int ChunkSize = 1024;

    private readonly BatchBuffers<Chunk> _chunks = new(m => new Chunk(network.InputSize, network.OutputSize, m));

    /// <summary>Evaluates <paramref name="network"/> on <paramref name="data"/> with <paramref name="loss"/> (default cross-entropy).</summary>
    /// <exception cref="ArgumentException">The dataset has no labels, another feature count, or labels beyond the network's outputs.</exception>
    public static Evaluation Evaluate(Network network, Dataset data, Loss? loss = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        CheckFits(network, data, nameof(data));
        return new Evaluator(network).Run(data.WithScaling(network.InputScaling), loss ?? new CrossEntropyLoss());
    }

    /// <summary>Throws unless <paramref name="data"/> fits the network: labels below its output count, or as many regression targets as it has outputs, and its feature count.</summary>
    public static void CheckFits(Network network, Dataset data, string parameterName, string role = "The dataset")
    {
        if (data.FeatureCount != network.InputSize)
        {
            throw new ArgumentException(
                $"{role} has {data.FeatureCount} features per sample but {network} takes {network.InputSize}.", parameterName);
        }

        if (data.Task == DatasetTask.Regression)
        {
            if (data.TargetCount != network.OutputSize)
            {
                throw new ArgumentException(
                    $"{role} has {data.TargetCount} regression target{(data.TargetCount == 1 ? "" : "s")} per sample but {network} has {network.OutputSize} outputs.", parameterName);
            }

            return;
        }

        if (!data.HasLabels)
        {
            throw new ArgumentException($"{role} ({data}) has no labels; training and evaluation need labelled samples.", parameterName);
        }

        int maxLabel = data.Count == 0 ? -1 : System.Numerics.Tensors.TensorPrimitives.Max(data.Labels);
        if (maxLabel >= network.OutputSize)
        {
            throw new ArgumentException(
                $"{role} has label {maxLabel} but {network} has only {network.OutputSize} outputs (classes 0 to {network.OutputSize - 1}).", parameterName);
        }
    }

    /// <summary>Evaluates on <paramref name="data"/>, whose inputs are already scaled as the network expects.</summary>
    public Evaluation Run(Dataset data, Loss loss)
    {
        bool regression = data.Task == DatasetTask.Regression;
        var confusion = regression ? null : new ConfusionMatrix(network.OutputSize);
        var residuals = regression ? new RegressionTally(network.OutputSize) : null;
        ReadOnlySpan<float> inputs = MatrixSpans.Values(data.InputMatrix);
        ReadOnlySpan<int> labels = regression ? default : data.Labels;
        int features = data.FeatureCount;
        double lossSum = 0;
        for (int start = 0; start < data.Count; start += ChunkSize)
        {
            int count = Math.Min(ChunkSize, data.Count - start);
            Chunk chunk = _chunks.For(count);

            // Samples are columns, so a run of samples is one contiguous run of the storage.
            inputs.Slice(start * features, count * features).CopyTo(MatrixSpans.Values(chunk.Inputs));
            if (regression)
            {
                MatrixSpans.Values(data.Targets!).Slice(start * network.OutputSize, count * network.OutputSize).CopyTo(MatrixSpans.Values(chunk.Targets));
            }
            else
            {
                OneHot.Fill(labels.Slice(start, count), chunk.Targets);
            }


            InferenceWorkspace ws = network.Rent(count);
            try
            {
                Matrix<float> output = network.InferScaledBatch(chunk.Inputs, ws);
                lossSum += (double)loss.Compute(output, chunk.Targets) * count;
                residuals?.Add(output, chunk.Targets);
                for (int j = 0; j < count && confusion is not null; j++)
                {
                    confusion.Add(labels[start + j], Elementwise.ArgMax(MatrixSpans.Column(output, j)));
                }
            }
            finally
            {
                network.Return(ws);
            }
        }

        return new Evaluation(data.Count == 0 ? double.NaN : lossSum / data.Count, confusion, residuals?.Metrics());
    }

    private sealed class Chunk(int features, int outputs, int count)
    {
        public Matrix<float> Inputs { get; } = MatrixSpans.Dense(features, count);

        public Matrix<float> Targets { get; } = MatrixSpans.Dense(outputs, count);
    }
}
