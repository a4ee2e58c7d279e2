using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MathNet.Numerics.LinearAlgebra;
using Vector = System.Numerics.Vector;

namespace NeuralNet.Compute;

/// <summary>Elementwise and per-column kernels on the storage of dense matrices.</summary>
/// <remarks>
/// The plain elementwise operations are <see cref="SpanKernels"/> (optimized from their first call); the few masks
/// TensorPrimitives lacks are written here with <see cref="System.Numerics.Vector{T}"/>, and the softmax keeps
/// TensorPrimitives' <c>Exp</c> and <c>Sum</c>. Every method accepts its output aliasing an input.
/// </remarks>
internal static class Elementwise
{
    /// <summary>Adds <paramref name="bias"/> (rows × 1) to every column of <paramref name="matrix"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddToEachColumn(Matrix<float> matrix, ReadOnlySpan<float> bias)
    {
        Span<float> values = MatrixSpans.Values(matrix);
        int rows = matrix.RowCount;
        for (int offset = 0; offset < values.Length; offset += rows)
        {
            Span<float> column = values.Slice(offset, rows);
            SpanKernels.Add(column, bias, column);
        }
    }

    /// <summary>Writes the sum of each row of <paramref name="matrix"/> (that is, the sum over the columns) into <paramref name="rowSums"/>, times <paramref name="scale"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SumColumns(Matrix<float> matrix, Span<float> rowSums, float scale = 1f)
    {
        ReadOnlySpan<float> values = MatrixSpans.Values(matrix);
        int rows = matrix.RowCount;
        rowSums.Clear();
        for (int offset = 0; offset < values.Length; offset += rows)
        {
            SpanKernels.Add(rowSums, values.Slice(offset, rows), rowSums);
        }

        if (scale != 1f)
        {
            SpanKernels.Multiply(rowSums, scale, rowSums);
        }
    }

    /// <summary><c>result[i] = mask[i] &gt; 0 ? gradient[i] : 0</c>: the ReLU derivative (0 at 0) applied to a gradient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PassWherePositive(ReadOnlySpan<float> mask, ReadOnlySpan<float> gradient, Span<float> result)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= mask.Length - System.Numerics.Vector<float>.Count; i += System.Numerics.Vector<float>.Count)
            {
                var m = new System.Numerics.Vector<float>(mask[i..]);
                var g = new System.Numerics.Vector<float>(gradient[i..]);
                Vector.ConditionalSelect(Vector.GreaterThan(m, System.Numerics.Vector<float>.Zero), g, System.Numerics.Vector<float>.Zero).CopyTo(result[i..]);
            }
        }

        for (; i < mask.Length; i++)
        {
            result[i] = mask[i] > 0f ? gradient[i] : 0f;
        }
    }

    /// <summary><c>mask[i] = draws[i] ≥ threshold ? kept : 0</c>: a dropout mask from uniform 16-bit draws.</summary>
    /// <remarks>For uniform draws, P(draws[i] ≥ threshold) = 1 − threshold/65536. The widened comparison's all-ones lanes
    /// AND the bit pattern of <paramref name="kept"/> give <paramref name="kept"/> itself, its zero lanes give +0.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ThresholdMask(ReadOnlySpan<ushort> draws, uint threshold, float kept, Span<float> mask)
    {
        Span<uint> bits = MemoryMarshal.Cast<float, uint>(mask);
        uint keptBits = BitConverter.SingleToUInt32Bits(kept);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int lanes = System.Numerics.Vector<uint>.Count;
            var thresholds = new System.Numerics.Vector<uint>(threshold);
            var keep = new System.Numerics.Vector<uint>(keptBits);
            for (; i <= bits.Length - (2 * lanes); i += 2 * lanes)
            {
                Vector.Widen(new System.Numerics.Vector<ushort>(draws[i..]), out System.Numerics.Vector<uint> low, out System.Numerics.Vector<uint> high);
                (Vector.GreaterThanOrEqual(low, thresholds) & keep).CopyTo(bits[i..]);
                (Vector.GreaterThanOrEqual(high, thresholds) & keep).CopyTo(bits[(i + lanes)..]);
            }
        }

        for (; i < bits.Length; i++)
        {
            bits[i] = draws[i] >= threshold ? keptBits : 0u;
        }
    }

    /// <summary><c>result[i] = x[i] &gt; 0 ? x[i] : slope·x[i]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LeakyRelu(ReadOnlySpan<float> x, float slope, Span<float> result)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = new System.Numerics.Vector<float>(slope);
            for (; i <= x.Length - System.Numerics.Vector<float>.Count; i += System.Numerics.Vector<float>.Count)
            {
                var v = new System.Numerics.Vector<float>(x[i..]);
                Vector.ConditionalSelect(Vector.GreaterThan(v, System.Numerics.Vector<float>.Zero), v, v * s).CopyTo(result[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            result[i] = x[i] > 0f ? x[i] : slope * x[i];
        }
    }

    /// <summary><c>result[i] = z[i] &gt; 0 ? gradient[i] : slope·gradient[i]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LeakyReluGradient(ReadOnlySpan<float> z, ReadOnlySpan<float> gradient, float slope, Span<float> result)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = new System.Numerics.Vector<float>(slope);
            for (; i <= z.Length - System.Numerics.Vector<float>.Count; i += System.Numerics.Vector<float>.Count)
            {
                var v = new System.Numerics.Vector<float>(z[i..]);
                var g = new System.Numerics.Vector<float>(gradient[i..]);
                Vector.ConditionalSelect(Vector.GreaterThan(v, System.Numerics.Vector<float>.Zero), g, g * s).CopyTo(result[i..]);
            }
        }

        for (; i < z.Length; i++)
        {
            result[i] = z[i] > 0f ? gradient[i] : slope * gradient[i];
        }
    }

    /// <summary>Softmax of every column of <paramref name="z"/> (<paramref name="rows"/> tall) into <paramref name="result"/>.</summary>
    /// <remarks>
    /// The exponentials go through one TensorPrimitives call for the whole matrix instead of one per column when that
    /// computes each element with the same vector width as the per-column call would: then the results are the same bit
    /// for bit. One call instead of 64 matters while TensorPrimitives' Exp is still unoptimized (tier-0) code, the first
    /// half second of a process.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftmaxColumns(ReadOnlySpan<float> z, int rows, Span<float> result)
    {
        if (ExpWidth(rows) != ExpWidth(z.Length))
        {
            for (int offset = 0; offset < z.Length; offset += rows)
            {
                Softmax(z.Slice(offset, rows), result.Slice(offset, rows));
            }

            return;
        }

        for (int offset = 0; offset < z.Length; offset += rows)
        {
            // Subtract the column max so Exp cannot overflow (logits of 1000 stay finite); x + (−max) is x − max exactly.
            ReadOnlySpan<float> column = z.Slice(offset, rows);
            SpanKernels.Add(column, -SpanKernels.Max(column), result.Slice(offset, rows));
        }

        Span<float> all = result[..z.Length];
        TensorPrimitives.Exp(all, all);
        for (int offset = 0; offset < z.Length; offset += rows)
        {
            Span<float> column = result.Slice(offset, rows);
            SpanKernels.Multiply(column, 1f / TensorPrimitives.Sum(column), column);
        }
    }

    /// <summary>The vector width, in floats, TensorPrimitives computes a span of <paramref name="length"/> with: the widest accelerated one that fits, else 1 (scalar).</summary>
    internal static int ExpWidth(int length) =>
        Vector512.IsHardwareAccelerated && length >= Vector512<float>.Count ? Vector512<float>.Count
        : Vector256.IsHardwareAccelerated && length >= Vector256<float>.Count ? Vector256<float>.Count
        : Vector128.IsHardwareAccelerated && length >= Vector128<float>.Count ? Vector128<float>.Count
        : 1;

    /// <summary>Softmax of one column: <c>result = exp(x − max x) / Σ exp(x − max x)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Softmax(ReadOnlySpan<float> x, Span<float> result)
    {
        // Subtract the column max so Exp cannot overflow (logits of 1000 stay finite).
        // x + (−max) is x − max exactly in IEEE arithmetic.
        float max = SpanKernels.Max(x);
        SpanKernels.Add(x, -max, result);
        TensorPrimitives.Exp(result, result);
        float sum = TensorPrimitives.Sum(result);
        SpanKernels.Multiply(result, 1f / sum, result);
    }

    /// <summary>Index of the largest element (the first one on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> values) => SpanKernels.IndexOfMax(values);
}
