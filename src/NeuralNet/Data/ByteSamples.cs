using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NeuralNet.Compute;

namespace NeuralNet.Data;

/// <summary>The bytes a dataset's inputs were read from (an IDX file of pixels, or a CSV file's integer pixels), kept so that a trainer gathers its batches from a quarter of the memory.</summary>
/// <remarks>
/// <para>A shuffled batch reads its samples from all over the set, and at 4 bytes a pixel that read was most of what
/// <c>Trainer.Fit</c> spent beyond its steps on MNIST. Value i of the inputs is <c>byte[i]·scale + shift</c>, rounded
/// after the product and after the sum, which is how the reader made it (<see cref="ByteConversion.ToSingle"/>), so a
/// batch gathered from here is the batch gathered from the floats, bit for bit.</para>
/// <para>That holds only while nobody changes the floats. The library never writes a dataset's inputs, but the
/// dataset hands out its matrix (<see cref="Dataset.Inputs"/>), and whoever holds it may; so the first time the matrix
/// is handed out, the bytes are given up (<see cref="Release"/>) for every dataset that shares them, and batches come
/// from the floats again.</para>
/// </remarks>
/// <param name="values">features × N bytes, column-major; used as is.</param>
/// <param name="features">Bytes per sample.</param>
/// <param name="scale">The factor of the map from bytes to inputs.</param>
/// <param name="shift">The offset of the map from bytes to inputs.</param>
internal sealed class ByteSamples(byte[] values, int features, float scale, float shift)
{
    private readonly byte[] _values = values;
    private volatile bool _released;

    /// <summary>Whether <paramref name="count"/> samples of <paramref name="features"/> bytes fit beside their floats in what the process may use.</summary>
    public static bool FitBesideFloats(long features, long count) => ElementBudget.Problem(features, count, out _, sizeof(float) + 1) is null;

    /// <summary>The bytes that make <paramref name="values"/> (features × N, column-major) by <c>b·scale + shift</c>, rounded as the readers round; null when some value is not one of those 256 floats, bit for bit.</summary>
    /// <remarks>For a text file of integer pixels, whose values the reader made the same way: one pass over the values
    /// (32 at a time; MNIST's 47 M in about 20 ms), and the file is gathered from bytes as an IDX file is.</remarks>
    public static ByteSamples? TryCapture(ReadOnlySpan<float> values, int features, float scale, float shift)
    {
        if (!float.IsFinite(scale) || scale == 0f || !float.IsFinite(shift))
        {
            return null;
        }

        byte[] bytes = GC.AllocateUninitializedArray<byte>(values.Length);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var inverse = Vector256.Create(1f / scale);
            var factor = Vector256.Create(scale);
            var offset = Vector256.Create(shift);
            ref float start = ref MemoryMarshal.GetReference(values);
            for (; i <= values.Length - 32; i += 32)
            {
                Vector256<int> a = Capture(Vector256.LoadUnsafe(ref start, (nuint)i), inverse, factor, offset);
                Vector256<int> b = Capture(Vector256.LoadUnsafe(ref start, (nuint)(i + 8)), inverse, factor, offset);
                Vector256<int> c = Capture(Vector256.LoadUnsafe(ref start, (nuint)(i + 16)), inverse, factor, offset);
                Vector256<int> d = Capture(Vector256.LoadUnsafe(ref start, (nuint)(i + 24)), inverse, factor, offset);
                if (((a | b | c | d) & Vector256.Create(~0xFF)) != Vector256<int>.Zero)
                {
                    return null; // a value that no byte makes (marked −1), or outside 0–255
                }

                Vector256.Narrow(Vector256.Narrow(a, b), Vector256.Narrow(c, d)).AsByte().StoreUnsafe(ref bytes[i]);
            }
        }

        for (; i < values.Length; i++)
        {
            float v = values[i];
            float guess = MathF.Round((v - shift) / scale);
            if (!(guess >= 0f && guess <= 255f) || BitConverter.SingleToInt32Bits(((int)guess * scale) + shift) != BitConverter.SingleToInt32Bits(v))
            {
                return null; // NaN too
            }

            bytes[i] = (byte)guess;
        }

        return new ByteSamples(bytes, features, scale, shift);
    }

    // The byte of each value, or −1 where the byte's float (b·scale + shift, rounded as ByteConversion rounds) is not the value bit for bit.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Capture(Vector256<float> values, Vector256<float> inverse, Vector256<float> factor, Vector256<float> offset)
    {
        // A NaN, or a value beyond int's range, converts to some integer whose float is not the value: it fails the check.
        Vector256<int> guess = Vector256.ConvertToInt32(Vector256.Round((values - offset) * inverse));
        Vector256<int> exact = Vector256.Equals(((Vector256.ConvertToSingle(guess) * factor) + offset).AsInt32(), values.AsInt32());
        return Vector256.ConditionalSelect(exact, guess, Vector256.Create(-1));
    }

    /// <summary>Whether the inputs may have changed since the bytes were read: their matrix was handed out.</summary>
    public bool IsReleased => _released;

    /// <summary>Gives the bytes up for good: the floats may change from now on.</summary>
    public void Release() => _released = true;

    /// <summary>Writes the inputs of the samples at <paramref name="indices"/> to consecutive columns of <paramref name="destination"/>, on the product helpers too when <paramref name="split"/>.</summary>
    public void Gather(ReadOnlySpan<int> indices, Span<float> destination, bool split = true) =>
        ColumnGather.CopyBytes(_values, features, indices, destination, scale, shift, split);

    /// <summary>The bytes of the samples at <paramref name="indices"/>, in that order.</summary>
    public ByteSamples Subset(ReadOnlySpan<int> indices)
    {
        byte[] values = GC.AllocateUninitializedArray<byte>(indices.Length * features);
        for (int j = 0; j < indices.Length; j++)
        {
            _values.AsSpan(indices[j] * features, features).CopyTo(values.AsSpan(j * features));
        }

        return new ByteSamples(values, features, scale, shift);
    }
}
