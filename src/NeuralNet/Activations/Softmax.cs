using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using Lanes = System.Numerics.Vector<float>; // MathNet.Numerics.LinearAlgebra has a Vector<T> of its own

namespace NeuralNet.Activations;

/// <summary>Softmax over each column: <c>a_i = e^(z_i − max z) / Σ_k e^(z_k − max z)</c>, a probability per class.</summary>
/// <remarks>
/// <para>Subtracting the column max changes nothing mathematically and keeps <c>exp</c> finite for large logits.</para>
/// <para>Backward is the Jacobian-vector product <c>dz = a ⊙ (da − (aᵀ·da))</c> per column. Paired with
/// <see cref="Losses.CrossEntropyLoss"/>, the network skips it and uses the fused <c>dZ = A − Y</c> instead.</para>
/// <para>The exponential and the column sum are the library's own (<see cref="Exponential"/>, SpanKernels.Sum), compiled
/// optimized from the first batch; the backward pass's dot product is TensorPrimitives'.</para>
/// </remarks>
public sealed class Softmax : Activation
{
    /// <inheritdoc />
    public override string Name => "Softmax";

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Forward(Matrix<float> z, Matrix<float> a) =>
        Columns(MatrixSpans.Values(z), z.RowCount, MatrixSpans.Values(a));

    /// <inheritdoc />
    public override void Backward(Matrix<float> z, Matrix<float> a, Matrix<float> outputGradient, Matrix<float> inputGradient)
    {
        for (int j = 0; j < a.ColumnCount; j++)
        {
            Span<float> activations = MatrixSpans.Column(a, j);
            float dot = TensorPrimitives.Dot(activations, MatrixSpans.Column(outputGradient, j));
            Elementwise.Map(new Derivative(dot), activations, MatrixSpans.Column(outputGradient, j), MatrixSpans.Column(inputGradient, j));
        }
    }

    /// <summary>Softmax of one column: <c>a = exp(z − max z) / Σ exp(z − max z)</c>.</summary>
    internal static void Column(ReadOnlySpan<float> z, Span<float> a) => Columns(z, z.Length, a);

    /// <summary><see cref="Column"/> of every column of <paramref name="z"/> (<paramref name="rows"/> tall) into <paramref name="a"/>.</summary>
    /// <remarks>The exponentials run over the whole batch in one pass: each element's exponential is the same whether it
    /// falls in the vector body or the tail (see <see cref="Exponential"/>), so this is the per-column result bit for bit.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Columns(ReadOnlySpan<float> z, int rows, Span<float> a)
    {
        // Subtract the column max so Exp cannot overflow (logits of 1000 stay finite); z + (−max) is z − max exactly.
        for (int offset = 0; offset < z.Length; offset += rows)
        {
            ReadOnlySpan<float> column = z.Slice(offset, rows);
            SpanKernels.Add(column, -SpanKernels.Max(column), a.Slice(offset, rows));
        }

        Span<float> exponentials = a[..z.Length];
        SpanKernels.Exp(exponentials, exponentials);
        for (int offset = 0; offset < z.Length; offset += rows)
        {
            Span<float> column = a.Slice(offset, rows);
            SpanKernels.Multiply(column, 1f / SpanKernels.Sum(column), column);
        }
    }

    /// <summary><c>dz = a · (da − aᵀ·da)</c>, with the column's dot product aᵀ·da computed first.</summary>
    internal readonly struct Derivative(float dot) : IBinaryOperator
    {
        private readonly Constant _dot = new(dot);

        public float Invoke(float a, float da) => (da - _dot) * a;

        public Lanes Invoke(Lanes a, Lanes da) => (da - _dot) * a;
    }
}
