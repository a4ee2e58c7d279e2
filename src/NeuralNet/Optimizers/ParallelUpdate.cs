using System.Runtime.CompilerServices;
using NeuralNet.Compute;

namespace NeuralNet.Optimizers;

/// <summary>Runs an optimizer's elementwise update of one long parameter as two halves, the second on the matrix products' helper thread.</summary>
/// <remarks>
/// <para>An update reads and writes every value of the parameter and of its state once: for 784-256-256-10's 269,322
/// parameters Adam moves 7.5 MB a step, which one core streams at its own bandwidth, not the machine's. Each element
/// is computed the same way whichever thread and whichever half it falls in, so the result does not change. Measured
/// in alternating rounds on 2 cores: 1.7–1.9× faster for SGD, momentum and Adam on both MNIST networks' weights.</para>
/// <para>Short parameters (biases, the output layer) are updated on the calling thread: waking a helper costs more.</para>
/// </remarks>
internal static unsafe class ParallelUpdate
{
    // Below 64 K floats (256 KB of values) a half takes less than handing it over.
    private const int MinimumLength = 64 * 1024;

    /// <summary>Whether an update of <paramref name="length"/> values should be split.</summary>
    public static bool Pays(int length) => length >= MinimumLength && ComputeBackend.Workers is not null;

    /// <summary>Runs <see cref="Job.Kernel"/> over both halves of the job's range; returns whether every value written is finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Run(Job* job)
    {
        job->NonFiniteParts = 0;
        if (ComputeBackend.Workers is not { } workers || !workers.TryRun(&RunPart, job, 2))
        {
            // Another thread holds the helpers: the same halves, one after the other.
            RunPart(job, 0);
            RunPart(job, 1);
        }

        return job->NonFiniteParts == 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunPart(void* state, int part)
    {
        Job* job = (Job*)state;
        int start = part == 0 ? 0 : job->Length / 2;
        int end = part == 0 ? job->Length / 2 : job->Length;
        if (!job->Kernel(job, start, end - start))
        {
            Interlocked.Increment(ref job->NonFiniteParts);
        }
    }

    /// <summary>One parameter's update: its pinned arrays, the rule's scalars and the kernel that applies it to a range.</summary>
    internal struct Job
    {
        public float* Value;
        public float* Gradient;
        public float* First;
        public float* Second;
        public int Length;
        public float A;
        public float B;
        public float C;
        public float D;
        public float E;
        public float F;
        public float G;

        /// <summary>Updates elements [start, start + length) and returns whether all of them are finite afterwards.</summary>
        public delegate*<Job*, int, int, bool> Kernel;

        public int NonFiniteParts;
    }
}
