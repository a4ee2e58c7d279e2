using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Activations;
using NeuralNet.Compute;

namespace NeuralNet.Losses;

/// <summary>Categorical cross-entropy of predicted class probabilities: <c>L = −(1/m) Σ_j Σ_i y_ij · log a_ij</c>.</summary>
/// <remarks>
/// <para>Targets are one-hot columns (or any probability columns); the label overloads take one class index per sample instead.</para>
/// <para>Probabilities are clipped below at <see cref="Epsilon"/> before the logarithm, so a confident wrong answer costs
/// about 16.1 rather than infinity (Keras clips the same way). After <see cref="Softmax"/> the combined gradient is
/// <c>dZ = A − Y</c>, which is both cheaper and more accurate than going through the softmax Jacobian.</para>
/// </remarks>
public sealed class CrossEntropyLoss : Loss
{
    /// <summary>The smallest probability fed to the logarithm: 1e-7.</summary>
    public const float Epsilon = 1e-7f;

    /// <inheritdoc />
    public override string Name => "CrossEntropy";

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override float Compute(Matrix<float> predictions, Matrix<float> targets)
    {
        CheckShapes(predictions, targets);
        ReadOnlySpan<float> a = MatrixSpans.Values(predictions);
        ReadOnlySpan<float> y = MatrixSpans.Values(targets);
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (y[i] != 0f)
            {
                sum -= y[i] * Math.Log(Math.Max(a[i], Epsilon));
            }
        }

        return (float)(sum / predictions.ColumnCount);
    }

    /// <summary>Returns the mean loss over the batch for integer class labels, one per column.</summary>
    /// <exception cref="ArgumentException">The label count differs from the column count, or a label is outside [0, classes).</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public float Compute(Matrix<float> predictions, ReadOnlySpan<int> labels)
    {
        CheckLabels(predictions, labels);
        double sum = 0;
        for (int j = 0; j < labels.Length; j++)
        {
            sum -= Math.Log(Math.Max(predictions[labels[j], j], Epsilon));
        }

        return (float)(sum / predictions.ColumnCount);
    }

    /// <inheritdoc />
    public override void Gradient(Matrix<float> predictions, Matrix<float> targets, Matrix<float> result)
    {
        CheckShapes(predictions, targets, result);
        ReadOnlySpan<float> a = MatrixSpans.Values(predictions);
        ReadOnlySpan<float> y = MatrixSpans.Values(targets);
        Span<float> g = MatrixSpans.Values(result);
        for (int i = 0; i < g.Length; i++)
        {
            // Below the clip the loss is flat, so its derivative is 0 there.
            g[i] = a[i] > Epsilon ? -y[i] / a[i] : 0f;
        }
    }

    /// <inheritdoc />
    public override bool CombinesWith(Activation outputActivation) => outputActivation is Softmax;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void CombinedGradient(Matrix<float> predictions, Matrix<float> targets, Matrix<float> result)
    {
        CheckShapes(predictions, targets, result);
        SpanKernels.Subtract(MatrixSpans.Values(predictions), MatrixSpans.Values(targets), MatrixSpans.Values(result));
    }

    /// <summary>Writes the combined gradient <c>dZ = A − Y</c> for integer class labels.</summary>
    /// <exception cref="ArgumentException">The label count differs from the column count, a label is out of range, or the result has another shape.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CombinedGradient(Matrix<float> predictions, ReadOnlySpan<int> labels, Matrix<float> result)
    {
        CheckLabels(predictions, labels);
        MatrixSpans.RequireShape(result, predictions.RowCount, predictions.ColumnCount, "The gradient", nameof(result));
        if (!ReferenceEquals(predictions, result))
        {
            MatrixSpans.Values(predictions).CopyTo(MatrixSpans.Values(result));
        }

        Span<float> g = MatrixSpans.Values(result);
        int rows = predictions.RowCount;
        for (int j = 0; j < labels.Length; j++)
        {
            g[(j * rows) + labels[j]] -= 1f;
        }
    }

    private void CheckLabels(Matrix<float> predictions, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (labels.Length != predictions.ColumnCount)
        {
            throw new ArgumentException(
                $"{Name} needs one label per sample: the predictions have {predictions.ColumnCount} columns but {labels.Length} labels were given.",
                nameof(labels));
        }

        for (int j = 0; j < labels.Length; j++)
        {
            if ((uint)labels[j] >= (uint)predictions.RowCount)
            {
                throw new ArgumentException(
                    $"Label {labels[j]} of sample {j} is outside the {predictions.RowCount} classes [0, {predictions.RowCount - 1}].",
                    nameof(labels));
            }
        }
    }
}
