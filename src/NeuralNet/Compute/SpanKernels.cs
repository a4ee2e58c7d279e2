using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralNet.Compute;

/// <summary>The elementwise operations of every training step and prediction, on spans, optimized from their first call.</summary>
/// <remarks>
/// <para>Why not <see cref="System.Numerics.Tensors.TensorPrimitives"/>, which has them all: its generic kernels start
/// as unoptimized (tier-0) code and are recompiled only after they have been called often, on a background thread
/// that a training run starves of cores. Measured on 2 cores, a 64-column softmax through it took 764 µs at first and
/// 4.6 µs half a second later, and the first 0.8–1.3 s of training ran 3–10× slower than the rest. These loops are
/// compiled optimized at their first call (<see cref="MethodImplOptions.AggressiveOptimization"/>). The per-batch
/// methods of the layers, losses, optimizers, products and trainer carry the same attribute for the same reason: without
/// it the first Fit of a process ran about twice as slow as the next one while they went through tier-0 and
/// instrumented code.</para>
/// <para>Results are those of TensorPrimitives bit for bit: the same IEEE operations on each element in the same
/// order, no fused multiply-add (TensorPrimitives.MultiplyAdd does not fuse either), and <see cref="Vector.Max{T}"/>
/// with its IEEE 754 maximum (NaN propagates, +0 above −0). Every method accepts its output aliasing an input.</para>
/// </remarks>
internal static class SpanKernels
{
    /// <summary><c>destination[i] = x[i] + y[i]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
    {
        ref float a = ref MemoryMarshal.GetReference(x);
        ref float b = ref MemoryMarshal.GetReference(y);
        ref float d = ref MemoryMarshal.GetReference(destination);
        int n = Length(x.Length, y.Length, destination.Length);
        int i = 0;
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            Store(Load(ref a, i) + Load(ref b, i), ref d, i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = Unsafe.Add(ref a, i) + Unsafe.Add(ref b, i);
        }
    }

    /// <summary><c>destination[i] = x[i] − y[i]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Subtract(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
    {
        ref float a = ref MemoryMarshal.GetReference(x);
        ref float b = ref MemoryMarshal.GetReference(y);
        ref float d = ref MemoryMarshal.GetReference(destination);
        int n = Length(x.Length, y.Length, destination.Length);
        int i = 0;
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            Store(Load(ref a, i) - Load(ref b, i), ref d, i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = Unsafe.Add(ref a, i) - Unsafe.Add(ref b, i);
        }
    }

    /// <summary><c>destination[i] = x[i] · y</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(ReadOnlySpan<float> x, float y, Span<float> destination)
    {
        ref float a = ref MemoryMarshal.GetReference(x);
        ref float d = ref MemoryMarshal.GetReference(destination);
        int n = Length(x.Length, x.Length, destination.Length);
        var factor = new Vector<float>(y);
        int i = 0;
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            Store(Load(ref a, i) * factor, ref d, i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = Unsafe.Add(ref a, i) * y;
        }
    }

    /// <summary><c>destination[i] = x[i] + y</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add(ReadOnlySpan<float> x, float y, Span<float> destination)
    {
        ref float a = ref MemoryMarshal.GetReference(x);
        ref float d = ref MemoryMarshal.GetReference(destination);
        int n = Length(x.Length, x.Length, destination.Length);
        var term = new Vector<float>(y);
        int i = 0;
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            Store(Load(ref a, i) + term, ref d, i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = Unsafe.Add(ref a, i) + y;
        }
    }

    /// <summary><c>destination[i] = x[i] · y + addend[i]</c>, rounded after the product (not fused).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAdd(ReadOnlySpan<float> x, float y, ReadOnlySpan<float> addend, Span<float> destination)
    {
        ref float a = ref MemoryMarshal.GetReference(x);
        ref float c = ref MemoryMarshal.GetReference(addend);
        ref float d = ref MemoryMarshal.GetReference(destination);
        int n = Length(x.Length, addend.Length, destination.Length);
        var factor = new Vector<float>(y);
        int i = 0;
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            Store((Load(ref a, i) * factor) + Load(ref c, i), ref d, i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = (Unsafe.Add(ref a, i) * y) + Unsafe.Add(ref c, i);
        }
    }

    /// <summary><see cref="MultiplyAdd"/>, and whether every value written is finite (checked in registers, not in a second pass).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool MultiplyAddAllFinite(ReadOnlySpan<float> x, float y, ReadOnlySpan<float> addend, Span<float> destination)
    {
        ref float a = ref MemoryMarshal.GetReference(x);
        ref float c = ref MemoryMarshal.GetReference(addend);
        ref float d = ref MemoryMarshal.GetReference(destination);
        int n = Length(x.Length, addend.Length, destination.Length);
        var factor = new Vector<float>(y);
        Vector<uint> nonFinite = Vector<uint>.Zero;
        int i = 0;
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            Vector<float> result = (Load(ref a, i) * factor) + Load(ref c, i);
            Store(result, ref d, i);
            nonFinite |= NonFinite(result);
        }

        bool finite = nonFinite == Vector<uint>.Zero;
        for (; i < n; i++)
        {
            float result = (Unsafe.Add(ref a, i) * y) + Unsafe.Add(ref c, i);
            Unsafe.Add(ref d, i) = result;
            finite &= float.IsFinite(result);
        }

        return finite;
    }

    /// <summary>All ones in the lanes of <paramref name="values"/> that are NaN or ±∞ (the all-ones exponent), zeros elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<uint> NonFinite(Vector<float> values)
    {
        var exponent = new Vector<uint>(0x7F80_0000u);
        return Vector.Equals(Vector.AsVectorUInt32(values) & exponent, exponent);
    }

    /// <summary><c>destination[i] = max(x[i], 0)</c>, the IEEE 754 maximum (NaN stays NaN, −0 becomes +0): ReLU.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MaxZero(ReadOnlySpan<float> x, Span<float> destination)
    {
        ref float a = ref MemoryMarshal.GetReference(x);
        ref float d = ref MemoryMarshal.GetReference(destination);
        int n = Length(x.Length, x.Length, destination.Length);
        int i = 0;
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            Store(Vector.Max(Load(ref a, i), Vector<float>.Zero), ref d, i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = MathF.Max(Unsafe.Add(ref a, i), 0f);
        }
    }

    /// <summary>The largest value, the IEEE 754 maximum (NaN if any value is NaN, +0 above −0), of a short span such as a softmax column.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Max(ReadOnlySpan<float> x)
    {
        if (x.IsEmpty)
        {
            throw new ArgumentException("The maximum of no values is undefined.", nameof(x));
        }

        float max = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            max = MathF.Max(max, x[i]);
        }

        return max;
    }

    /// <summary>Whether every value is finite (neither NaN nor ±∞): no value has the all-ones exponent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AllFinite(ReadOnlySpan<float> x)
    {
        ReadOnlySpan<uint> bits = MemoryMarshal.Cast<float, uint>(x);
        ref uint a = ref MemoryMarshal.GetReference(bits);
        const uint exponent = 0x7F80_0000u;
        var mask = new Vector<uint>(exponent);
        Vector<uint> any = Vector<uint>.Zero;
        int i = 0;
        for (; i <= bits.Length - Vector<uint>.Count; i += Vector<uint>.Count)
        {
            any |= Vector.Equals(Vector.LoadUnsafe(ref a, (nuint)i) & mask, mask);
        }

        for (; i < bits.Length; i++)
        {
            if ((Unsafe.Add(ref a, i) & exponent) == exponent)
            {
                return false;
            }
        }

        return any == Vector<uint>.Zero;
    }

    /// <summary>The index of the largest value (the first on ties, +0 above −0), or of the first NaN: TensorPrimitives.IndexOfMax's answer for the short columns of a classifier's output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IndexOfMax(ReadOnlySpan<float> x)
    {
        if (x.IsEmpty)
        {
            return -1;
        }

        int best = 0;
        float max = x[0];
        if (float.IsNaN(max))
        {
            return 0;
        }

        for (int i = 1; i < x.Length; i++)
        {
            float v = x[i];
            if (float.IsNaN(v))
            {
                return i;
            }

            if (v > max || (v == max && float.IsNegative(max) && !float.IsNegative(v)))
            {
                max = v;
                best = i;
            }
        }

        return best;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Load(ref float source, int index) => Vector.LoadUnsafe(ref source, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector<float> value, ref float destination, int index) => value.StoreUnsafe(ref destination, (nuint)index);

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
