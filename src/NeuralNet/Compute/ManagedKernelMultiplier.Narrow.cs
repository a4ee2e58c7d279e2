using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralNet.Compute;

internal sealed unsafe partial class ManagedKernelMultiplier
{
    /// <summary>One or two columns of C: memory-bound, so A is streamed once without packing.</summary>
    /// <remarks>The native multiplier sends such products here too: OpenBLAS 0.3.21 took 4× as long for a 128×784 by 784×1
    /// product with its Haswell kernel (and no less with its AVX-512 one), measured on this machine.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Narrow(in GemmArguments g)
    {
        for (int j = 0; j < g.N; j++)
        {
            float* c = g.C + ((long)j * g.Ldc);
            if (g.TransposeA)
            {
                // C[i, j] = dot(A[:, i], op(B)[:, j]): columns of A are contiguous.
                for (int i = 0; i < g.M; i++)
                {
                    var a = new ReadOnlySpan<float>(g.A + ((long)i * g.Lda), g.K);
                    c[i] = g.Alpha * (g.TransposeB ? StridedDot(a, g.B + j, g.Ldb) : TensorPrimitives.Dot(a, new ReadOnlySpan<float>(g.B + ((long)j * g.Ldb), g.K)));
                }

                continue;
            }

            // C[:, j] = Σ_k A[:, k] · op(B)[k, j], 64 rows at a time in registers: each k reads one contiguous run of A.
            float* b = g.TransposeB ? g.B + j : g.B + ((long)j * g.Ldb);
            long bStep = g.TransposeB ? g.Ldb : 1;
            int i0 = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; i0 + 64 <= g.M; i0 += 64)
                {
                    Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
                    float* a = g.A + i0;
                    for (int k = 0; k < g.K; k++, a += g.Lda)
                    {
                        var x = Vector512.Create(b[k * bStep]);
                        s0 = Vector512.FusedMultiplyAdd(Vector512.Load(a), x, s0);
                        s1 = Vector512.FusedMultiplyAdd(Vector512.Load(a + 16), x, s1);
                        s2 = Vector512.FusedMultiplyAdd(Vector512.Load(a + 32), x, s2);
                        s3 = Vector512.FusedMultiplyAdd(Vector512.Load(a + 48), x, s3);
                    }

                    var alpha = Vector512.Create(g.Alpha);
                    (s0 * alpha).Store(c + i0);
                    (s1 * alpha).Store(c + i0 + 16);
                    (s2 * alpha).Store(c + i0 + 32);
                    (s3 * alpha).Store(c + i0 + 48);
                }
            }

            // The remaining rows (all of them without AVX-512): axpy over the columns of A.
            if (i0 < g.M)
            {
                var rest = new Span<float>(c + i0, g.M - i0);
                rest.Clear();
                for (int k = 0; k < g.K; k++)
                {
                    TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(g.A + i0 + ((long)k * g.Lda), rest.Length), b[k * bStep], rest, rest);
                }

                if (g.Alpha != 1f)
                {
                    TensorPrimitives.Multiply(rest, g.Alpha, rest);
                }
            }
        }
    }

    private static float StridedDot(ReadOnlySpan<float> a, float* b, int stride)
    {
        float sum = 0f;
        for (int k = 0; k < a.Length; k++)
        {
            sum += a[k] * b[(long)k * stride];
        }

        return sum;
    }
}
