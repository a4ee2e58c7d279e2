using MathNet.Numerics.LinearAlgebra;

namespace NeuralNet.Compute;

/// <summary>Matrix products through MathNet's own (managed) provider, the fallback when no native BLAS is found.</summary>
/// <remarks>MathNet 5.0.0 allocates scratch space inside these in-place overloads; the library's own code adds nothing to it.</remarks>
internal sealed class ManagedMatrixMultiplier : MatrixMultiplier
{
    public static readonly ManagedMatrixMultiplier Instance = new();

    public override string Name => "managed";

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
