using System.Runtime.CompilerServices;

namespace NeuralNet.Compute;

/// <summary>Cuts per-sample work of a batch (a convolution's lowering and products, a pooling pass) into ranges of samples, one per core.</summary>
/// <remarks>
/// <para>A convolution multiplies once per sample: a 196 × 800 by 800 × 64 product for the second layer of a small MNIST
/// CNN. Cutting each of those products over the cores would hand work to the helper threads 3 × 64 times per layer and
/// leave the copies between the products (im2col, col2im) on one core; giving each core its own range of samples,
/// with one-thread products, hands over once per pass and runs the copies in parallel too.</para>
/// <para>The parts run on the matrix products' helper threads (<see cref="ProductWorkers"/>) when they are free, else
/// one after another on the caller. Part p always covers the same samples, whoever computes it, and the number of
/// parts depends only on the batch: how a batch is cut, and the order in which its parts' sums are added, are the same
/// on any number of cores.</para>
/// </remarks>
internal static unsafe class SampleParallel
{
    /// <summary>The most parts a batch is cut into, whatever the number of cores.</summary>
    /// <remarks>More parts than cores: parts are claimed, so a helper that the operating system has not scheduled holds
    /// back one part, not half the batch. A count that does not depend on the cores keeps results that add up parts'
    /// sums (a convolution's weight gradient) the same for every <see cref="ComputeBackend.ThreadsPerProduct"/>.</remarks>
    public const int MaximumParts = 8;

    /// <summary>The number of parts to cut <paramref name="samples"/> samples into, each worth <paramref name="workPerSample"/>, when a part must be worth at least <paramref name="minimumWorkPerPart"/>.</summary>
    /// <remarks>At most <see cref="MaximumParts"/> and one part per sample; it depends on the batch and the work only, not on the machine.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Parts(int samples, long workPerSample, long minimumWorkPerPart)
    {
        long total = samples * workPerSample;
        return (int)Math.Clamp(total / Math.Max(1, minimumWorkPerPart), 1, Math.Min(samples, MaximumParts));
    }

    /// <summary>Runs <c>job(state, p)</c> for every part p in [0, <paramref name="parts"/>), on the helper threads when they are free.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(delegate*<void*, int, void> job, void* state, int parts) =>
        ProductWorkers.Run(ComputeBackend.Workers, job, state, parts);

    /// <summary>The first sample of part <paramref name="part"/> of <paramref name="parts"/> over <paramref name="samples"/>; part p ends where p + 1 starts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Start(int samples, int part, int parts) => (int)((long)samples * part / parts);
}
