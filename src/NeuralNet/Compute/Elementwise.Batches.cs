using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;

namespace NeuralNet.Compute;

/// <summary>The batch-shaped passes: a bias broadcast over the columns, the sum over the columns, each column's largest entry.</summary>
internal static partial class Elementwise
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

    /// <summary>Index of the largest element (the first one on ties).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int ArgMax(ReadOnlySpan<float> values) => SpanKernels.IndexOfMax(values);
}
