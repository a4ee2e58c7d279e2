using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;

namespace NeuralNet.Compute;

/// <summary>The one seam every matrix product in the library goes through.</summary>
/// <remarks>
/// All three forms compute <c>result = alpha · op(a) · op(b)</c> into an existing matrix, so the hot loop
/// allocates nothing of its own. The public methods validate shapes and aliasing once; implementations
/// (a native BLAS, MathNet's managed provider) only multiply.
/// </remarks>
internal abstract partial class MatrixMultiplier
{
    /// <summary>A short name for diagnostics, such as <c>managed</c> or <c>OpenBLAS</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Computes <c>result = alpha · a · b</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Multiply(Matrix<float> a, Matrix<float> b, Matrix<float> result, float alpha = 1f)
    {
        CheckShapes(a.RowCount, a.ColumnCount, b.RowCount, b.ColumnCount, result, "a·b");
        CheckAliasing(a, b, result);
        Gemm(false, false, alpha, a, b, result);
    }

    /// <summary>Computes <c>result = alpha · a · bᵀ</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void MultiplyTransposeRight(Matrix<float> a, Matrix<float> b, Matrix<float> result, float alpha = 1f)
    {
        CheckShapes(a.RowCount, a.ColumnCount, b.ColumnCount, b.RowCount, result, "a·bᵀ");
        CheckAliasing(a, b, result);
        Gemm(false, true, alpha, a, b, result);
    }

    /// <summary>Computes <c>result = alpha · aᵀ · b</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void MultiplyTransposeLeft(Matrix<float> a, Matrix<float> b, Matrix<float> result, float alpha = 1f)
    {
        CheckShapes(a.ColumnCount, a.RowCount, b.RowCount, b.ColumnCount, result, "aᵀ·b");
        CheckAliasing(a, b, result);
        Gemm(true, false, alpha, a, b, result);
    }

    /// <summary>Computes <c>c = alpha · op(a) · op(b)</c>; shapes are already checked and <paramref name="c"/> aliases neither operand.</summary>
    protected abstract void Gemm(bool transposeA, bool transposeB, float alpha, Matrix<float> a, Matrix<float> b, Matrix<float> c);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckShapes(int aRows, int aColumns, int bRows, int bColumns, Matrix<float> result, string form)
    {
        if (aColumns != bRows)
        {
            throw InnerSizesDiffer(aRows, aColumns, bRows, bColumns, form);
        }

        if (result.RowCount != aRows || result.ColumnCount != bColumns)
        {
            throw WrongResultShape(result, aRows, bColumns, form, nameof(result));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckAliasing(Matrix<float> a, Matrix<float> b, Matrix<float> result)
    {
        // MathNet would silently go through a temporary; a BLAS would read what it is overwriting.
        if (ReferenceEquals(a, result) || ReferenceEquals(b, result))
        {
            throw new ArgumentException("The result of a matrix product must not be one of its operands.", nameof(result));
        }
    }

    // Built apart, compiled only when thrown (see the remarks of Elementwise).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException InnerSizesDiffer(int aRows, int aColumns, int bRows, int bColumns, string form) =>
        new($"Cannot compute {form}: the left operand is {aRows}x{aColumns} and the right one {bRows}x{bColumns} after transposition; the inner sizes {aColumns} and {bRows} differ.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException WrongResultShape(Matrix<float> result, int aRows, int bColumns, string form, string parameterName) =>
        new($"Cannot compute {form} into a {result.RowCount}x{result.ColumnCount} result: the product is {aRows}x{bColumns}.", parameterName);
}
