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
/// training ran 3–10× slower than the rest, and the first Fit of a process about twice as slow as the next. The same
/// holds for the methods a training step runs once per batch (the dense layer's passes, the activations' and the loss's
/// entry points, each optimizer's update, the trainer's step and the built-in callbacks' per-batch hooks): without the
/// attribute each of them and every small getter it calls went through tier-0, instrumented and tier-1 code one by one,
/// 875 methods compiled in a four-epoch run instead of 574, and a short Fit (784-128-10, SGD, 4–6 epochs) ran at
/// 0.88–0.92× the samples per second it reached with them; with tiered compilation switched off it was faster than
/// 0.1.0. Methods called once per run or per epoch need no attribute.</para>
/// <para>An optimized method compiles everything it inlines at full optimization, at its first call: the first batch of
/// a process paid for it. So such a method builds no exception message itself (it throws one made by a method marked
/// NoInlining, compiled only when thrown) and takes no AVX-512 path that a false IsHardwareAccelerated does not rule out
/// first. Measured on AVX2, 784-128-10 SGD, in four alternating pairs of processes: the first batch compiled 103–133 ms
/// of optimized code before and 62–78 ms after, and took 165–203 ms before and 125–148 ms after.</para>
/// <para>The reverse holds for what an optimized method cannot inline: a callee with a loop, or TensorPrimitives' and
/// Vector's vector math (their loops and their exponential's core are methods of their own), starts as tier-0 code
/// whoever calls it. So a per-batch loop carries the attribute itself, and the softmax uses the library's own exponential
/// and sum (<see cref="Exponential"/>, <see cref="SpanKernels.Sum"/>). Measured with a JIT event listener on AVX2,
/// TensorPrimitives' exponential and sum and four such loops (the sparse product's probe, the batch gather's check, the
/// shuffle) became optimized only 0.6–0.85 s into training, and the second epoch of a process took 1.4–2.1× as long as
/// the third; with them compiled optimized, 1.10–1.24×.</para>
/// <para>Results are those of the TensorPrimitives passes the fused loops replaced, bit for bit: the same IEEE operations
/// on each element in the same order, products rounded before sums (no fused multiply-add). Every method accepts its
/// output aliasing an input.</para>
/// </remarks>
internal static partial class Elementwise
{
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

    /// <summary>Whether every value is finite (neither NaN nor ±∞): no value has the all-ones exponent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AllFinite(ReadOnlySpan<float> x)
    {
        ref float a = ref MemoryMarshal.GetReference(x);
        var exponent = new Vector<uint>(0x7F80_0000u);
        Vector<uint> nonFinite = Vector<uint>.Zero;
        int i = 0;
        for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            nonFinite |= NonFinite(Load(ref a, i), exponent);
        }

        bool finite = nonFinite == Vector<uint>.Zero;
        for (; i < x.Length; i++)
        {
            finite &= float.IsFinite(Unsafe.Add(ref a, i));
        }

        return finite;
    }

    /// <summary>The index of the first NaN or infinity in <paramref name="x"/>, or −1 when every value is finite; for messages that name the value, after <see cref="AllFinite"/> has said there is one.</summary>
    public static int IndexOfNonFinite(ReadOnlySpan<float> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            if (!float.IsFinite(x[i]))
            {
                return i;
            }
        }

        return -1;
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

    /// <summary>All ones in the lanes of <paramref name="values"/> that are NaN or ±∞ (all ones in <paramref name="exponent"/>'s bits, 0x7F800000), zeros elsewhere.</summary>
    /// <remarks>The exponent mask comes from the caller, made before its loop: the JIT does not always hoist it.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<uint> NonFinite(Vector<float> values, Vector<uint> exponent) =>
        Vector.Equals(Vector.AsVectorUInt32(values) & exponent, exponent);

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
}
