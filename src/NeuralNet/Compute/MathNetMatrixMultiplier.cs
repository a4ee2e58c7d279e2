using MathNet.Numerics.LinearAlgebra;

namespace NeuralNet.Compute;

/// <summary>Matrix products through MathNet's own managed provider: kept to measure the library's kernels against.</summary>
/// <remarks>MathNet 5.0.0 allocates scratch space inside these in-place overloads (see benchmarks/RESULTS.md), which is why the
/// library's managed fallback is <see cref="ManagedKernelMultiplier"/> instead.</remarks>
internal sealed class MathNetMatrixMultiplier : MatrixMultiplier
{
    public static readonly MathNetMatrixMultiplier Instance = new();

    public override string Name => "mathnet";

    protected override void Gemm(bool transposeA, bool transposeB, float alpha, Matrix<float> a, Matrix<float> b, Matrix<float> c)
    {
        switch ((transposeA, transposeB))
        {
            case (false, false):
                a.Multiply(b, c);
                break;
            case (false, true):
                a.TransposeAndMultiply(b, c);
                break;
            case (true, false):
                a.TransposeThisAndMultiply(b, c);
                break;
            default:
                throw new NotSupportedException("aᵀ·bᵀ is not used by the library.");
        }

        if (alpha != 1f)
        {
            MatrixSpans.Values(c).Scale(alpha);
        }
    }
}
