using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;

namespace NeuralNet.Data;

/// <summary>Writes class labels as one-hot columns: <see cref="Dataset.OneHot"/>, and the trainer's batches and evaluation chunks.</summary>
internal static class OneHot
{
    /// <summary>Fills <paramref name="targets"/> (classes × labels.Length) with a 1 at each column's label and 0 elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill(ReadOnlySpan<int> labels, Matrix<float> targets)
    {
        Span<float> y = MatrixSpans.Values(targets);
        int rows = targets.RowCount;
        y.Clear();
        for (int j = 0; j < labels.Length; j++)
        {
            y[(j * rows) + labels[j]] = 1f;
        }
    }
}
