using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;

namespace NeuralNet.Training;

/// <summary>The per-batch figures the trainer records besides the loss.</summary>
internal static class Metrics
{
    /// <summary>How many columns of <paramref name="output"/> have their largest value at the sample's label.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long CountCorrect(Matrix<float> output, int[] labels)
    {
        long correct = 0;
        for (int j = 0; j < labels.Length; j++)
        {
            if (Elementwise.ArgMax(MatrixSpans.Column(output, j)) == labels[j])
            {
                correct++;
            }
        }

        return correct;
    }
}
