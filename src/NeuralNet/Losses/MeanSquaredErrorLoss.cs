using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;

namespace NeuralNet.Losses;

/// <summary>Mean squared error over every element: <c>L = (1/(n·m)) Σ_j Σ_i (a_ij − y_ij)²</c>, as PyTorch's <c>MSELoss</c>.</summary>
/// <remarks>The per-sample gradient is <c>dℓ_j/da_j = (2/n)(a_j − y_j)</c> for n outputs.</remarks>
public sealed class MeanSquaredErrorLoss : Loss
{
    /// <inheritdoc />
    public override string Name => "MeanSquaredError";

    /// <inheritdoc />
    public override float Compute(Matrix<float> predictions, Matrix<float> targets)
    {
        CheckShapes(predictions, targets);
        ReadOnlySpan<float> a = MatrixSpans.Values(predictions);
        ReadOnlySpan<float> y = MatrixSpans.Values(targets);
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - y[i];
            sum += d * d;
        }

        return (float)(sum / a.Length);
    }

    /// <inheritdoc />
    public override void Gradient(Matrix<float> predictions, Matrix<float> targets, Matrix<float> result)
    {
        CheckShapes(predictions, targets, result);
        Span<float> g = MatrixSpans.Values(result);
        SpanKernels.Subtract(MatrixSpans.Values(predictions), MatrixSpans.Values(targets), g);
        SpanKernels.Multiply(g, 2f / predictions.RowCount, g);
    }
}
