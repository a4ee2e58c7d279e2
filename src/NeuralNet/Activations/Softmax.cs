using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;

namespace NeuralNet.Activations;

/// <summary>Softmax over each column: <c>a_i = e^(z_i − max z) / Σ_k e^(z_k − max z)</c>, a probability per class.</summary>
/// <remarks>
/// <para>Subtracting the column max changes nothing mathematically and keeps <c>exp</c> finite for large logits.</para>
/// <para>Backward is the Jacobian-vector product <c>dz = a ⊙ (da − (aᵀ·da))</c> per column. Paired with
/// <see cref="Losses.CrossEntropyLoss"/>, the network skips it and uses the fused <c>dZ = A − Y</c> instead.</para>
/// </remarks>
public sealed class Softmax : Activation
{
    /// <inheritdoc />
    public override string Name => "Softmax";

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Forward(Matrix<float> z, Matrix<float> a) =>
        Elementwise.SoftmaxColumns(MatrixSpans.Values(z), z.RowCount, MatrixSpans.Values(a));

    /// <inheritdoc />
    public override void Backward(Matrix<float> z, Matrix<float> a, Matrix<float> outputGradient, Matrix<float> inputGradient)
    {
        for (int j = 0; j < a.ColumnCount; j++)
        {
            Span<float> activations = MatrixSpans.Column(a, j);
            Span<float> gradient = MatrixSpans.Column(outputGradient, j);
            Span<float> result = MatrixSpans.Column(inputGradient, j);
            float dot = TensorPrimitives.Dot(activations, gradient);
            TensorPrimitives.Subtract(gradient, dot, result);
            TensorPrimitives.Multiply(result, activations, result);
        }
    }
}
