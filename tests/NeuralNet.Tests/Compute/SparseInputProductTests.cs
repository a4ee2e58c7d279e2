using NeuralNet.Compute;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Compute;

/// <summary>Products whose inputs are mostly zeros (raw images): the batch kernel that multiplies only the nonzero values, and the one-sample product that skips pairs of zeros.</summary>
[Collection(nameof(GlobalBackend))]
public sealed class SparseInputProductTests
{
    [Fact]
    public void EveryEngine_BatchesAndSamplesOfPictures_EqualTheirScalarFormsBitForBit()
    {
        SparseProductChecks.Mismatches().Should().BeEmpty("a batch of pictures is one chain over its nonzero values and a sample the dense chains, on every engine");
    }

    [Fact]
    public void OnTheAvx2Path_BatchesAndSamplesOfPictures_EqualTheirScalarFormsBitForBit()
    {
        var info = TestAssemblyProcess.StartInfo("sparse-checks");
        info.Environment["DOTNET_EnableAVX512"] = "0";
        info.Environment["DOTNET_EnableAVX512F"] = "0"; // the knob's name before .NET 10, which 10 ignores
        using var child = System.Diagnostics.Process.Start(info)!;
        string output = child.StandardOutput.ReadToEnd() + child.StandardError.ReadToEnd();
        child.WaitForExit();

        output.Should().Contain("Vector512 accelerated: False");
        child.ExitCode.Should().Be(0, $"the AVX2 registers compute the same chains:\n{output}");
    }

    [Fact]
    public void TheCheck_DenseKernelOnPictures_DiffersFromTheSparseForm()
    {
        // The bit-for-bit check above can fail: the dense kernel's sums (all k, in depth blocks) round differently.
        var random = new Random(3);
        Matrix<float> a = Matrix<float>.Build.Dense(128, 784, (_, _) => (float)(random.NextDouble() - 0.5));
        Matrix<float> b = SparseProductChecks.Pictures(random, 784, 2).Append(SparseProductChecks.Pictures(random, 784, 2));
        Matrix<float> dense = Matrix<float>.Build.Dense(128, 4);
        MathNetMatrixMultiplier.Instance.Multiply(a, b, dense);

        SparseProductChecks.FirstDifference(dense, SparseProductChecks.SparseReference(a, b, 1f)).Should().NotBeNull();
    }

    [Theory]
    [InlineData(128, 784, 64, 0.2, false, true)]
    [InlineData(128, 784, 64, 0.35, false, true)]
    [InlineData(128, 784, 64, 0.5, false, false)]
    [InlineData(128, 784, 64, 1.0, false, false)]
    [InlineData(10, 128, 64, 0.2, false, false)]
    [InlineData(128, 784, 1, 0.2, false, true)]
    [InlineData(128, 784, 1, 0.6, false, false)]
    [InlineData(128, 64, 784, 0.2, true, true)]
    [InlineData(128, 64, 784, 0.6, true, false)]
    public void Pays_OnlyForBatchesOfMostlyZeroInputsIntoWideLayersAndTheirWeightGradients(int m, int k, int n, double nonzero, bool transposeB, bool expected)
    {
        var random = new Random(1);
        float[] a = new float[m * k];
        float[] b = Enumerable.Range(0, k * n).Select(_ => random.NextDouble() < nonzero ? 1f + random.Next(255) : 0f).ToArray();
        float[] c = new float[m * n];
        bool pays;
        unsafe
        {
            fixed (float* pa = a, pb = b, pc = c)
            {
                var g = new GemmArguments { M = m, N = n, K = k, Alpha = 1f, A = pa, Lda = m, B = pb, Ldb = transposeB ? n : k, C = pc, Ldc = m, TransposeB = transposeB };
                pays = SparseInputProduct.Pays(g);
            }
        }

        pays.Should().Be(expected && System.Runtime.Intrinsics.X86.Fma.IsSupported, $"{m}x{k}·{k}x{n} with {nonzero:P0} nonzero");
    }
}
