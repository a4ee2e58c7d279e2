using System.Globalization;
using MnistTrainer.Options;
using NeuralNet.Optimizers;

namespace MnistTrainer.Runs;

/// <summary>Checks, before anything is allocated, that a network of the asked sizes can exist and be trained in this process' memory.</summary>
/// <remarks>
/// <para>Every matrix is one .NET array, whose element count is computed from its shape. In 0.1.0 a plain
/// <c>--layers 65536,65536</c> killed the process with SIGSEGV: 65,536 × 65,536 = 2³² elements wrapped the 32-bit
/// element count of the 65536→65536 weight matrix to 0, MathNet allocated an empty array, and the native BLAS wrote
/// 16 GB past its end. A single width such as <c>--layers 100000000</c> did not wrap but asked for 50 GB and thrashed.
/// So the sizes are multiplied here in checked 64-bit arithmetic: a matrix beyond <see cref="Array.MaxLength"/>
/// elements, or a run whose estimated memory exceeds what the process may use, is refused with a message that speaks
/// of <c>--layers</c> and <c>--batch-size</c>.</para>
/// <para>The estimate: every parameter in float32 with its gradient, the optimizer's state (two values for Adam), the
/// trainer's two fallback copies (its divergence snapshot, early stopping's best weights), and each layer's
/// activations, pre-activations and their gradients for two batch sizes (the batch and the epoch's last, shorter one)
/// and the evaluation chunks; for a convolution also the lowered sample (its output positions × C_in·k·k values, one
/// array) and its gradient, per thread. It errs on the high side by design; the library's own checks still apply.</para>
/// </remarks>
internal static class NetworkBudget
{
    /// <summary>The samples the library evaluates at once (its <c>Evaluator.ChunkSize</c>).</summary>
    private const int EvaluationChunk = 1024;

    /// <summary>Throws when the fully-connected network <paramref name="sizes"/> cannot be built or trained here.</summary>
    /// <param name="sizes">Every layer size, input first, output last.</param>
    /// <param name="hiddenSizes">The hidden sizes as typed after <c>--layers</c>, for the message.</param>
    /// <param name="batchSize">Samples per batch (<c>TrainerOptions.FullBatch</c> for all).</param>
    /// <param name="trainCount">Training samples (a batch never holds more).</param>
    /// <param name="optimizer">The optimizer's name, for its state per parameter.</param>
    /// <param name="availableBytes">What the process may still allocate; default: the runtime's figure for this machine or container.</param>
    /// <exception cref="UsageException">A matrix has more elements than an array holds, or the run needs more memory than there is.</exception>
    public static void Check(IReadOnlyList<int> sizes, IReadOnlyList<int> hiddenSizes, int batchSize, int trainCount, string optimizer, long? availableBytes = null)
    {
        LayerSpec[] hidden = [.. sizes.Skip(1).Take(sizes.Count - 2).Select(s => new LayerSpec(LayerKind.Dense, s))];
        string layers = "--layers " + string.Join(',', hiddenSizes.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        Check(NetworkPlan.For(hidden, sizes[0], sizes[^1], layers), batchSize, trainCount, optimizer, availableBytes);
    }

    /// <summary>Throws when the network of <paramref name="plan"/> cannot be built or trained here.</summary>
    /// <param name="plan">The layers and their sizes.</param>
    /// <param name="batchSize">Samples per batch (<c>TrainerOptions.FullBatch</c> for all).</param>
    /// <param name="trainCount">Training samples (a batch never holds more).</param>
    /// <param name="optimizer">The optimizer's name, for its state per parameter.</param>
    /// <param name="availableBytes">What the process may still allocate; default: the runtime's figure for this machine or container.</param>
    /// <exception cref="UsageException">A matrix has more elements than an array holds, or the run needs more memory than there is.</exception>
    public static void Check(NetworkPlan plan, int batchSize, int trainCount, string optimizer, long? availableBytes = null)
    {
        string layers = plan.Option;
        long batch = Math.Max(1, Math.Min(batchSize, trainCount));
        long parameters = 0;
        long columns = plan.Input.Size;
        long scratch = 0;
        foreach (PlannedLayer layer in plan.Layers)
        {
            if (layer.Weights > Array.MaxLength)
            {
                throw new UsageException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{layers}: {layer.Describe()} would have {layer.Weights:N0} weights, more than one array can hold ({Array.MaxLength:N0}); give smaller layer sizes."));
            }

            if (layer.Columns > Array.MaxLength)
            {
                throw new UsageException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{layers}: {layer.Describe()} would lower each sample to {layer.Columns:N0} values (its output positions times C_in·k·k), more than one array can hold ({Array.MaxLength:N0}); give a smaller kernel or fewer channels."));
            }

            long activations = checked(layer.Output.Size * batch);
            if (activations > Array.MaxLength)
            {
                string which = layer.Spec.Kind == LayerKind.Dense ? $"the layer of {layer.Output.Size:N0} units" : $"{layer.Describe()}, {layer.Output.Size:N0} values per sample,";
                throw new UsageException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{layers} with batches of {batch:N0}: {which} would hold {activations:N0} activations per batch, more than one array can hold ({Array.MaxLength:N0}); give a smaller --batch-size or smaller layers."));
            }

            parameters = checked(parameters + layer.Parameters);
            columns = checked(columns + layer.Output.Size);

            // A convolution lowers a sample and its gradient per thread, with its padded planes and a weight-sized sum.
            scratch = checked(scratch + (layer.Columns == 0 ? 0 : (2 * layer.Columns) + layer.Input.Size + layer.Weights));
        }

        int states = Optimizer.FromName(optimizer, 1f).StateNames.Count;
        long elements = checked((parameters * (2 + states + 2)) + (columns * ((8 * batch) + (4L * Math.Min(EvaluationChunk, trainCount)))) + (scratch * (Environment.ProcessorCount + 1)));
        long bytes = checked(elements * sizeof(float));
        long available = availableBytes ?? Available();
        if (bytes > available)
        {
            throw new UsageException(string.Create(
                CultureInfo.InvariantCulture,
                $"{layers} with batches of {batch:N0}: training the network needs about {Gigabytes(bytes)} ({parameters:N0} parameters with their gradients and the optimizer's state, and the activations) but this process can use {Gigabytes(available)}; give smaller layer sizes or a smaller --batch-size."));
        }
    }

    /// <summary>What the process may still allocate: the runtime's limit for this machine or container, less what is in use (the data sets).</summary>
    private static long Available()
    {
        long total = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return Math.Max(0, total - GC.GetTotalMemory(forceFullCollection: false));
    }

    private static string Gigabytes(long bytes) =>
        (bytes / 1e9).ToString(bytes < 1e9 ? "0.###" : "0.0", CultureInfo.InvariantCulture) + " GB";
}
