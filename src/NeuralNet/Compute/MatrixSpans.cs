using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;

namespace NeuralNet.Compute;

/// <summary>Views of a dense MathNet matrix's column-major storage, for elementwise kernels.</summary>
internal static class MatrixSpans
{
    /// <summary>The whole storage, column after column (one sample after another for a batch).</summary>
    /// <exception cref="ArgumentException">The matrix is not a dense column-major matrix.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Span<float> Values(Matrix<float> matrix) => matrix.AsColumnMajorArray() ?? throw NotDense(matrix);

    /// <summary>Column <paramref name="column"/> (one sample of a batch).</summary>
    public static Span<float> Column(Matrix<float> matrix, int column) =>
        Values(matrix).Slice(column * matrix.RowCount, matrix.RowCount);

    /// <summary>The underlying array of a dense matrix.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float[] Array(Matrix<float> matrix) => matrix.AsColumnMajorArray() ?? throw NotDense(matrix);

    /// <summary>Multiplies every element by <paramref name="factor"/> in place.</summary>
    public static void Scale(this Span<float> values, float factor) =>
        SpanKernels.Multiply(values, factor, values);

    /// <summary>Creates a dense rows × columns matrix of zeros.</summary>
    public static Matrix<float> Dense(int rows, int columns) => Matrix<float>.Build.Dense(rows, columns);

    /// <summary>Throws unless <paramref name="actual"/> has exactly the given shape.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RequireShape(Matrix<float> actual, int rows, int columns, string what, string parameterName)
    {
        if (actual.RowCount != rows || actual.ColumnCount != columns)
        {
            throw WrongShape(actual, rows, columns, what, parameterName);
        }
    }

    // The messages are built here, out of line: Values and Array stay small enough to be inlined into every kernel, and
    // the optimized methods that check shapes compile no message until one is thrown (see the remarks of Elementwise).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException WrongShape(Matrix<float> actual, int rows, int columns, string what, string parameterName) =>
        new($"{what} must be {rows}x{columns} but is {actual.RowCount}x{actual.ColumnCount}.", parameterName);

    private static ArgumentException NotDense(Matrix<float> matrix) => new(
        $"NeuralNet works on dense matrices (Matrix<float>.Build.Dense); got a {matrix.GetType().Name} of {matrix.RowCount}x{matrix.ColumnCount}.",
        nameof(matrix));
}
