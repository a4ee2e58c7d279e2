using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralNet.Compute;

/// <summary>The update of a parameter by an optimizer's rule: the loop, the split across two cores, the folded finiteness check.</summary>
internal static unsafe partial class Elementwise
{
    // Below 64 K floats (256 KB of values) a half takes less time than handing it to the helper thread.
    private const int SplitLength = 64 * 1024;

    /// <summary>Applies <paramref name="rule"/> to every element of a parameter in place; returns whether every new value is finite.</summary>
    /// <remarks>
    /// <para>The finiteness check is the trainer's divergence check, done in registers as the values are written instead
    /// of in a second pass over the parameter (10–25 µs a batch for MNIST's networks).</para>
    /// <para>From 64 K values on, and when the matrix products' helper thread exists, the second half of the parameter
    /// goes to that thread while the caller updates the first: an update streams the parameter and its state once, which
    /// one core does at its own bandwidth, not the machine's (measured on 2 cores: 1.7–1.9× faster for SGD, momentum and
    /// Adam on the MNIST networks' weights). When another thread holds the helper, the caller runs both halves. Each
    /// element is computed the same way whichever thread and half it falls in, so the result does not change.</para>
    /// </remarks>
    /// <param name="rule">The update of one element, with this step's constants.</param>
    /// <param name="value">θ, updated in place.</param>
    /// <param name="gradient">g, as long as θ.</param>
    /// <param name="state0">The rule's first state buffer, as long as θ, if <see cref="IUpdateRule.StateCount"/> is at least 1.</param>
    /// <param name="state1">Its second, if the count is 2.</param>
    /// <exception cref="ArgumentException">A span the rule uses is not as long as <paramref name="value"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Update<TRule>(in TRule rule, Span<float> value, ReadOnlySpan<float> gradient, Span<float> state0 = default, Span<float> state1 = default)
        where TRule : unmanaged, IUpdateRule
    {
        if (gradient.Length != value.Length || (TRule.StateCount > 0 && state0.Length != value.Length) || (TRule.StateCount > 1 && state1.Length != value.Length))
        {
            ThrowUpdateLengths(value.Length, gradient.Length, state0.Length, state1.Length);
        }

        if (value.Length < SplitLength || ComputeBackend.Workers is not { } workers)
        {
            return UpdateRange(rule, value, gradient, state0, state1);
        }

        fixed (float* theta = value, g = gradient, s0 = state0, s1 = state1)
        {
            var job = new UpdateJob<TRule> { Rule = rule, Value = theta, Gradient = g, State0 = s0, State1 = s1, Length = value.Length };
            ProductWorkers.Run(workers, &UpdateHalf<TRule>, &job, 2);

            return job.NonFiniteHalves == 0;
        }
    }

    /// <summary>The loop of <see cref="Update{TRule}"/> over one range, on the calling thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool UpdateRange<TRule>(in TRule rule, Span<float> value, ReadOnlySpan<float> gradient, Span<float> state0, Span<float> state1)
        where TRule : unmanaged, IUpdateRule
    {
        TRule op = rule;
        ref float t = ref MemoryMarshal.GetReference(value);
        ref float g = ref MemoryMarshal.GetReference(gradient);
        ref float m = ref MemoryMarshal.GetReference(state0);
        ref float v = ref MemoryMarshal.GetReference(state1);
        int n = value.Length;
        var exponent = new Vector<uint>(0x7F80_0000u);
        Vector<uint> nonFinite = Vector<uint>.Zero;
        int i = 0;
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            Vector<float> s0 = TRule.StateCount > 0 ? Load(ref m, i) : default;
            Vector<float> s1 = TRule.StateCount > 1 ? Load(ref v, i) : default;
            Vector<float> updated = op.Update(Load(ref t, i), Load(ref g, i), ref s0, ref s1);
            if (TRule.StateCount > 0)
            {
                s0.StoreUnsafe(ref m, (nuint)i);
            }

            if (TRule.StateCount > 1)
            {
                s1.StoreUnsafe(ref v, (nuint)i);
            }

            updated.StoreUnsafe(ref t, (nuint)i);
            nonFinite |= NonFinite(updated, exponent);
        }

        bool finite = nonFinite == Vector<uint>.Zero;
        for (; i < n; i++)
        {
            float s0 = TRule.StateCount > 0 ? Unsafe.Add(ref m, i) : 0f;
            float s1 = TRule.StateCount > 1 ? Unsafe.Add(ref v, i) : 0f;
            float updated = op.Update(Unsafe.Add(ref t, i), Unsafe.Add(ref g, i), ref s0, ref s1);
            Unsafe.Add(ref t, i) = updated;
            if (TRule.StateCount > 0)
            {
                Unsafe.Add(ref m, i) = s0;
            }

            if (TRule.StateCount > 1)
            {
                Unsafe.Add(ref v, i) = s1;
            }

            finite &= float.IsFinite(updated);
        }

        return finite;
    }

    /// <summary>Updates half <paramref name="part"/> (0: the first, 1: the rest) of the job's parameter.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UpdateHalf<TRule>(void* state, int part)
        where TRule : unmanaged, IUpdateRule
    {
        var job = (UpdateJob<TRule>*)state;
        int start = part == 0 ? 0 : job->Length / 2;
        int length = part == 0 ? job->Length / 2 : job->Length - start;
        bool finite = UpdateRange(
            job->Rule,
            new Span<float>(job->Value + start, length),
            new ReadOnlySpan<float>(job->Gradient + start, length),
            TRule.StateCount > 0 ? new Span<float>(job->State0 + start, length) : default,
            TRule.StateCount > 1 ? new Span<float>(job->State1 + start, length) : default);
        if (!finite)
        {
            Interlocked.Increment(ref job->NonFiniteHalves);
        }
    }

    private static void ThrowUpdateLengths(int value, int gradient, int state0, int state1) =>
        throw new ArgumentException($"An update needs the gradient and the rule's state buffers as long as the value; got {value} values, {gradient} gradients and state buffers of {state0} and {state1}.");

    /// <summary>One parameter's update as the helper thread sees it: the rule and the pinned spans.</summary>
    private struct UpdateJob<TRule>
        where TRule : unmanaged, IUpdateRule
    {
        public TRule Rule;
        public float* Value;
        public float* Gradient;
        public float* State0;
        public float* State1;
        public int Length;
        public int NonFiniteHalves;
    }
}
