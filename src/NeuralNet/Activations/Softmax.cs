using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using Lanes = System.Numerics.Vector<float>; // MathNet.Numerics.LinearAlgebra has a Vector<T> of its own

namespace NeuralNet.Activations;

/// <summary>Softmax over each column: <c>a_i = e^(z_i − max z) / Σ_k e^(z_k − max z)</c>, a probability per class.</summary>
/// <remarks>
/// <para>Subtracting the column max changes nothing mathematically and keeps <c>exp</c> finite for large logits.</para>
/// <para>Backward is the Jacobian-vector product <c>dz = a ⊙ (da − (aᵀ·da))</c> per column. Paired with
/// <see cref="Losses.CrossEntropyLoss"/>, the network skips it and uses the fused <c>dZ = A − Y</c> instead.</para>
/// <para>The exponential, the column sum and the dot product are TensorPrimitives': their vector code defines the bits
/// (see <see cref="Sigmoid"/>), and a sum's bits depend on the order it adds in.</para>
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Column(ReadOnlySpan<float> z, Span<float> a)
    {
        // Subtract the column max so Exp cannot overflow (logits of 1000 stay finite); z + (−max) is z − max exactly.
        SpanKernels.Add(z, -SpanKernels.Max(z), a);
        Exp(a);
        SpanKernels.Multiply(a, 1f / Sum(a), a);
    }

    /// <summary><see cref="Column"/> of every column of <paramref name="z"/> (<paramref name="rows"/> tall) into <paramref name="a"/>.</summary>
    /// <remarks>
    /// The exponentials go through one TensorPrimitives call for the whole batch instead of one per column when that
    /// computes each element with the same vector width as the per-column call would: then the results are the same bit
    /// for bit. One call instead of 64 matters while TensorPrimitives' Exp is still unoptimized (tier-0) code, the first
    /// half second of a process. (Its exp gives the same bits at every vector width, but batching 10-row columns on
    /// AVX-512 too, 16 wide instead of 8, was measured slower: 0.76–0.94× the samples per second of 784-128-10 in two-epoch runs.)
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Columns(ReadOnlySpan<float> z, int rows, Span<float> a)
    {
        if (ExpWidth(rows) != ExpWidth(z.Length))
        {
            for (int offset = 0; offset < z.Length; offset += rows)
            {
                Column(z.Slice(offset, rows), a.Slice(offset, rows));
            }

            return;
        }

        for (int offset = 0; offset < z.Length; offset += rows)
        {
            ReadOnlySpan<float> column = z.Slice(offset, rows);
            SpanKernels.Add(column, -SpanKernels.Max(column), a.Slice(offset, rows));
        }

        Exp(a[..z.Length]);
        for (int offset = 0; offset < z.Length; offset += rows)
        {
            Span<float> column = a.Slice(offset, rows);
            SpanKernels.Multiply(column, 1f / Sum(column), column);
        }
    }

    // TensorPrimitives' Exp and Sum are called through these two methods, which are not compiled optimized at their first
    // call. Inlined into the optimized methods above, TensorPrimitives' dispatch for every vector width cost the first
    // batch of a process about 20 ms of compilation (measured on AVX2), to speed up only that dispatch: the loops it calls
    // are TensorPrimitives' own methods, compiled unoptimized at first either way.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Exp(Span<float> values) => TensorPrimitives.Exp(values, values);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Sum(ReadOnlySpan<float> values) => TensorPrimitives.Sum(values);

    /// <summary>The vector width, in floats, TensorPrimitives computes a span of <paramref name="length"/> with: the widest accelerated one that fits, else 1 (scalar).</summary>
    private static int ExpWidth(int length) =>
        Vector512.IsHardwareAccelerated && length >= Vector512<float>.Count ? Vector512<float>.Count
        : Vector256.IsHardwareAccelerated && length >= Vector256<float>.Count ? Vector256<float>.Count
        : Vector128.IsHardwareAccelerated && length >= Vector128<float>.Count ? Vector128<float>.Count
        : 1;

    /// <summary><c>dz = a · (da − aᵀ·da)</c>, with the column's dot product aᵀ·da computed first.</summary>
    internal readonly struct Derivative(float dot) : IBinaryOperator
    {
        private readonly Constant _dot = new(dot);

        public float Invoke(float a, float da) => (da - _dot) * a;

        public Lanes Invoke(Lanes a, Lanes da) => (da - _dot) * a;
    }
}
