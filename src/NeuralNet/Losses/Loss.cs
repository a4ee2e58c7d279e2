using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Activations;

namespace NeuralNet.Losses;

/// <summary>A measure of how far a batch of predictions is from its targets, with its gradient.</summary>
/// <remarks>
/// <para>Predictions and targets are classes × m, one sample per column. <see cref="Compute"/> is the mean over the m samples.</para>
/// <para><see cref="Gradient"/> is per sample: column j holds dℓ_j/da_j of that sample's own loss, not divided by m.
/// The layers apply the 1/m when they form dW and db, as in the tutorials' <c>dW = (1/m)·dZ·Aᵀ</c>.</para>
/// </remarks>
public abstract class Loss
{
    /// <summary>A short name such as <c>CrossEntropy</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Returns the mean loss over the batch.</summary>
    /// <exception cref="ArgumentException">The matrices differ in shape.</exception>
    public abstract float Compute(Matrix<float> predictions, Matrix<float> targets);

    /// <summary>Writes dℓ_j/da_j for every sample j into <paramref name="result"/> (same shape as the predictions).</summary>
    /// <exception cref="ArgumentException">The matrices differ in shape.</exception>
    public abstract void Gradient(Matrix<float> predictions, Matrix<float> targets, Matrix<float> result);

    /// <summary>Whether <see cref="CombinedGradient"/> applies after <paramref name="outputActivation"/>.</summary>
    /// <remarks>True for cross-entropy after softmax, where dℓ/dz simplifies to <c>a − y</c>.</remarks>
    public virtual bool CombinesWith(Activation outputActivation) => false;

    /// <summary>Writes dℓ_j/dz_j, the gradient with respect to the output layer's pre-activations, for an activation where <see cref="CombinesWith"/> holds.</summary>
    /// <exception cref="NotSupportedException">This loss has no combined form.</exception>
    public virtual void CombinedGradient(Matrix<float> predictions, Matrix<float> targets, Matrix<float> result) =>
        throw new NotSupportedException($"{Name} has no combined gradient with an output activation.");

    /// <summary>Returns <see cref="Name"/>.</summary>
    public override string ToString() => Name;

    /// <summary>Throws unless predictions, targets and (when given) result share one shape.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected void CheckShapes(Matrix<float> predictions, Matrix<float> targets, Matrix<float>? result = null)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        if (predictions.RowCount != targets.RowCount || predictions.ColumnCount != targets.ColumnCount)
        {
            throw TargetsMismatch(predictions, targets);
        }

        if (result is not null && (result.RowCount != predictions.RowCount || result.ColumnCount != predictions.ColumnCount))
        {
            throw ResultMismatch(predictions, result);
        }
    }

    // The messages are built apart, compiled only when one is thrown (see the remarks of Compute.Elementwise).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ArgumentException TargetsMismatch(Matrix<float> predictions, Matrix<float> targets) =>
        new($"{Name} needs targets shaped like the predictions ({predictions.RowCount}x{predictions.ColumnCount}) but got {targets.RowCount}x{targets.ColumnCount}.", nameof(targets));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ArgumentException ResultMismatch(Matrix<float> predictions, Matrix<float> result) =>
        new($"{Name} writes a {predictions.RowCount}x{predictions.ColumnCount} gradient but the result is {result.RowCount}x{result.ColumnCount}.", nameof(result));
}
