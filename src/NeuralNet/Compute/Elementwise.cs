using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralNet.Compute;

/// <summary>Runs elementwise operators over spans: the vector loop and its scalar tail, long updates split across two cores, and the finiteness check folded into updates.</summary>
/// <remarks>
/// <para>The math lives in the operators: each activation's function and derivative beside the activation
/// (<see cref="IUnaryOperator"/>, <see cref="IBinaryOperator"/>), each optimizer's rule beside the optimizer
/// (<see cref="IUpdateRule"/>). This class only decides how they run. Its methods are generic over the operator's struct
/// type, so the JIT compiles one copy per operator with both of the operator's forms inlined.</para>
/// <para>Why these loops and not TensorPrimitives', and why <see cref="MethodImplOptions.AggressiveOptimization"/> here
/// and on the few per-batch methods that loop over a batch's columns or a network's parameters: tiered compilation starts
/// every method, TensorPrimitives' generic kernels included, as unoptimized (tier-0) code and recompiles it only after 30
/// calls and a quiet spell, on a background thread that training starves of cores. A tier-0 loop calls its operator per
/// element instead of inlining it. Measured on 2 cores before these loops were compiled optimized at their first call, a
/// 64-column softmax through TensorPrimitives took 764 µs at first and 4.6 µs half a second later, the first 0.8–1.3 s of
/// training ran 3–10× slower than the rest, and the first Fit of a process about twice as slow as the next. Methods
/// that only forward to these need no attribute: a tier-0 call costs well under a microsecond.</para>
/// <para>Results are those of the TensorPrimitives passes the fused loops replaced, bit for bit: the same IEEE operations
/// on each element in the same order, products rounded before sums (no fused multiply-add). Every method accepts its
/// output aliasing an input.</para>
/// </remarks>
internal static unsafe partial class Elementwise
{
    // Below 64 K floats (256 KB of values) a half takes less time than handing it to the helper thread.
    private const int SplitLength = 64 * 1024;

    /// <summary><c>destination[i] = f(x[i])</c>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <paramref name="x"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Map<TOperator>(in TOperator f, ReadOnlySpan<float> x, Span<float> destination)
        where TOperator : struct, IUnaryOperator
    {
        int n = Length(x.Length, x.Length, destination.Length);
        TOperator op = f;
        ref float a = ref MemoryMarshal.GetReference(x);
        ref float d = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            op.Invoke(Load(ref a, i)).StoreUnsafe(ref d, (nuint)i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = op.Invoke(Unsafe.Add(ref a, i));
        }
    }

    /// <summary><c>destination[i] = f(x[i], y[i])</c>.</summary>
    /// <exception cref="ArgumentException">The inputs differ in length, or the destination is shorter.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Map<TOperator>(in TOperator f, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
        where TOperator : struct, IBinaryOperator
    {
        int n = Length(x.Length, y.Length, destination.Length);
        TOperator op = f;
        ref float a = ref MemoryMarshal.GetReference(x);
        ref float b = ref MemoryMarshal.GetReference(y);
        ref float d = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            op.Invoke(Load(ref a, i), Load(ref b, i)).StoreUnsafe(ref d, (nuint)i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = op.Invoke(Unsafe.Add(ref a, i), Unsafe.Add(ref b, i));
        }
    }

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
            if (!workers.TryRun(&UpdateHalf<TRule>, &job, 2))
            {
                UpdateHalf<TRule>(&job, 0);
                UpdateHalf<TRule>(&job, 1);
            }

            return job.NonFiniteHalves == 0;
        }
    }

    /// <summary>Whether every value is finite (neither NaN nor ±∞): no value has the all-ones exponent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AllFinite(ReadOnlySpan<float> x)
    {
        ref float a = ref MemoryMarshal.GetReference(x);
        Vector<uint> nonFinite = Vector<uint>.Zero;
        int i = 0;
        for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            nonFinite |= NonFinite(Load(ref a, i));
        }

        bool finite = nonFinite == Vector<uint>.Zero;
        for (; i < x.Length; i++)
        {
            finite &= float.IsFinite(Unsafe.Add(ref a, i));
        }

        return finite;
    }

    /// <summary><c>mask[i] = draws[i] ≥ threshold ? kept : 0</c>: a dropout mask from uniform 16-bit draws.</summary>
    /// <remarks>For uniform draws, P(draws[i] ≥ threshold) = 1 − threshold/65536. The widened comparison's all-ones lanes
    /// AND the bit pattern of <paramref name="kept"/> give <paramref name="kept"/> itself, its zero lanes give +0. Not an
    /// operator: it widens 16-bit integers into float lanes, two vectors per vector of draws.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ThresholdMask(ReadOnlySpan<ushort> draws, uint threshold, float kept, Span<float> mask)
    {
        Span<uint> bits = MemoryMarshal.Cast<float, uint>(mask);
        uint keptBits = BitConverter.SingleToUInt32Bits(kept);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int lanes = Vector<uint>.Count;
            var thresholds = new Vector<uint>(threshold);
            var keep = new Vector<uint>(keptBits);
            for (; i <= bits.Length - (2 * lanes); i += 2 * lanes)
            {
                Vector.Widen(new Vector<ushort>(draws[i..]), out Vector<uint> low, out Vector<uint> high);
                (Vector.GreaterThanOrEqual(low, thresholds) & keep).CopyTo(bits[i..]);
                (Vector.GreaterThanOrEqual(high, thresholds) & keep).CopyTo(bits[(i + lanes)..]);
            }
        }

        for (; i < bits.Length; i++)
        {
            bits[i] = draws[i] >= threshold ? keptBits : 0u;
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
        Vector<uint> nonFinite = Vector<uint>.Zero;
        int i = 0;
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            Vector<float> s0 = TRule.StateCount > 0 ? Load(ref m, i) : default;
            Vector<float> s1 = TRule.StateCount > 1 ? Load(ref v, i) : default;
            Vector<float> updated = op.Update(Load(ref t, i), Load(ref g, i), ref s0, ref s1);
            updated.StoreUnsafe(ref t, (nuint)i);
            if (TRule.StateCount > 0)
            {
                s0.StoreUnsafe(ref m, (nuint)i);
            }

            if (TRule.StateCount > 1)
            {
                s1.StoreUnsafe(ref v, (nuint)i);
            }

            nonFinite |= NonFinite(updated);
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

    /// <summary>All ones in the lanes of <paramref name="values"/> that are NaN or ±∞ (the all-ones exponent), zeros elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<uint> NonFinite(Vector<float> values)
    {
        var exponent = new Vector<uint>(0x7F80_0000u);
        return Vector.Equals(Vector.AsVectorUInt32(values) & exponent, exponent);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Load(ref float source, int index) => Vector.LoadUnsafe(ref source, (nuint)index);

    private static int Length(int x, int y, int destination)
    {
        if (x != y || destination < x)
        {
            ThrowLengths(x, y, destination);
        }

        return x;
    }

    private static void ThrowLengths(int x, int y, int destination) =>
        throw new ArgumentException($"The spans hold {x} and {y} values and the destination {destination}; the inputs must be equally long and the destination at least as long.");

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
