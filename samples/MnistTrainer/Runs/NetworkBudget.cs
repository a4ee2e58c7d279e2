using System.Globalization;
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
/// and the evaluation chunks. It errs on the high side by design; the library's own checks still apply.</para>
/// </remarks>
internal static class NetworkBudget
{
    /// <summary>The samples the library evaluates at once (its <c>Evaluator.ChunkSize</c>).</summary>
    private const int EvaluationChunk = 1024;

    /// <summary>Throws when the network <paramref name="sizes"/> cannot be built or trained here.</summary>
    /// <param name="sizes">Every layer size, input first, output last.</param>
    /// <param name="hiddenSizes">The hidden sizes as typed after <c>--layers</c>, for the message.</param>
    /// <param name="batchSize">Samples per batch (<c>TrainerOptions.FullBatch</c> for all).</param>
    /// <param name="trainCount">Training samples (a batch never holds more).</param>
    /// <param name="optimizer">The optimizer's name, for its state per parameter.</param>
    /// <param name="availableBytes">What the process may still allocate; default: the runtime's figure for this machine or container.</param>
    /// <exception cref="UsageException">A matrix has more elements than an array holds, or the run needs more memory than there is.</exception>
    public static void Check(IReadOnlyList<int> sizes, IReadOnlyList<int> hiddenSizes, int batchSize, int trainCount, string optimizer, long? availableBytes = null)
    {
        string layers = "--layers " + string.Join(',', hiddenSizes.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        long batch = Math.Max(1, Math.Min(batchSize, trainCount));
        long parameters = 0;
        long columns = sizes[0];
        for (int i = 1; i < sizes.Count; i++)
        {
            long weights = checked((long)sizes[i - 1] * sizes[i]);
            if (weights > Array.MaxLength)
            {
                throw new UsageException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{layers}: the layer {sizes[i - 1]:N0}→{sizes[i]:N0} would have {weights:N0} weights, more than one array can hold ({Array.MaxLength:N0}); give smaller layer sizes."));
            }

            long activations = checked(sizes[i] * batch);
            if (activations > Array.MaxLength)
            {
                throw new UsageException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{layers} with batches of {batch:N0}: the layer of {sizes[i]:N0} units would hold {activations:N0} activations per batch, more than one array can hold ({Array.MaxLength:N0}); give a smaller --batch-size or smaller layers."));
            }

            parameters = checked(parameters + weights + sizes[i]);
            columns = checked(columns + sizes[i]);
        }

        int states = Optimizer.FromName(optimizer, 1f).StateNames.Count;
        long elements = checked((parameters * (2 + states + 2)) + (columns * ((8 * batch) + (4L * Math.Min(EvaluationChunk, trainCount)))));
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
