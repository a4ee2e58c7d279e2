using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralNet.Compute;

/// <summary>Turns unsigned bytes (pixels) into scaled floats: the hot loop of loading images.</summary>
/// <remarks>Compiled optimized at once: images are usually loaded once, and tiered compilation would convert most of them with unoptimized code, where vector operations are calls.</remarks>
internal static class ByteConversion
{
    /// <summary><c>destination[i] = source[i]·scale + shift</c>, rounded after the product and after the sum exactly as <see cref="Preprocessing.InputScaling.Apply(ReadOnlySpan{float}, Span{float})"/> does, so loaded data and predictions on raw pixels agree bit for bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToSingle(ReadOnlySpan<byte> source, Span<float> destination, float scale, float shift)
    {
        if (destination.Length < source.Length)
        {
            throw TooShort(destination.Length, source.Length, nameof(destination));
        }

        int i = 0;
        ref byte src = ref MemoryMarshal.GetReference(source);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> factor = Vector256.Create(scale);
            Vector256<float> offset = Vector256.Create(shift);
            for (; i <= source.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                // 32 bytes widen to 2x16 ushorts, then to 4x8 ints (which hold 0..255, so the signed conversion is exact).
                Vector256<byte> bytes = Vector256.LoadUnsafe(ref src, (nuint)i);
                (Vector256<ushort> low, Vector256<ushort> high) = Vector256.Widen(bytes);
                (Vector256<uint> a, Vector256<uint> b) = Vector256.Widen(low);
                (Vector256<uint> c, Vector256<uint> d) = Vector256.Widen(high);
                Store(a, factor, offset, ref dst, i);
                Store(b, factor, offset, ref dst, i + 8);
                Store(c, factor, offset, ref dst, i + 16);
                Store(d, factor, offset, ref dst, i + 24);
            }
        }

        for (; i < source.Length; i++)
        {
            Unsafe.Add(ref dst, i) = (Unsafe.Add(ref src, i) * scale) + shift;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<uint> values, Vector256<float> factor, Vector256<float> offset, ref float destination, int index) =>
        ((Vector256.ConvertToSingle(values.AsInt32()) * factor) + offset).StoreUnsafe(ref destination, (nuint)index);

    // Built apart, compiled only when thrown (see the remarks of Elementwise).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException TooShort(int destination, int source, string parameterName) =>
        new($"The destination holds {destination} values but the source has {source}.", parameterName);
}
