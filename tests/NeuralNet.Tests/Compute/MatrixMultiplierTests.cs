using NeuralNet.Compute;

namespace NeuralNet.Tests.Compute;

public sealed class MatrixMultiplierTests
{
    // Every backend this machine has: managed always, native wherever a BLAS loads (CI installs OpenBLAS), and the
    // netlib reference BLAS by its own path where Debian's libblas3 is installed (CI installs it too).
    public static TheoryData<string> Backends()
    {
        var data = new TheoryData<string> { "managed", "mathnet" };
        if (ComputeBackend.TryLoadNative() is not null)
        {
            data.Add("native");
        }

        if (File.Exists(BlasChoiceTests.ReferenceBlas))
        {
            data.Add("reference");
        }

        return data;
    }

    // The library's own backends (MathNet's provider accepts sparse matrices and is only kept for comparison).
    public static TheoryData<string> LibraryBackends()
    {
        var data = new TheoryData<string> { "managed" };
        if (ComputeBackend.TryLoadNative() is not null)
        {
            data.Add("native");
        }

        return data;
    }

    public static TheoryData<int, int, int> Shapes() => new()
    {
        { 1, 1, 1 },
        { 1, 7, 1 },
        { 1, 1, 9 },
        { 7, 1, 1 },
        { 1, 13, 5 },
        { 10, 64, 128 },
        { 17, 33, 19 },
        { 31, 2, 47 },
        { 128, 64, 784 },
        { 130, 70, 257 },
        { 257, 129, 100 },
        { 130, 1, 77 },
        { 64, 2, 300 },
    };

    [Fact]
    public void Native_OnThisMachine_LoadsWhereABlasIsInstalled()
    {
        // Guards the agreement tests below against silently testing one backend: a Linux machine with
        // libopenblas0-pthread (as CI installs) must load it.
        bool openBlasInstalled = File.Exists("/usr/lib/x86_64-linux-gnu/libopenblas.so.0") || File.Exists("/usr/lib/aarch64-linux-gnu/libopenblas.so.0");
        if (openBlasInstalled)
        {
            NativeMatrixMultiplier? native = ComputeBackend.TryLoadNative();
            native.Should().NotBeNull();
            native!.Blas.Provider.Should().Be("OpenBLAS");
            native.Blas.LibraryPath.Should().Contain("openblas");
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Multiply_AllTransposeFormsAndOddShapes_MatchDoublePrecisionWithin1e4(string backend)
    {
        MatrixMultiplier gemm = Create(backend);
        var random = new Random(11);
        foreach ((int m, int n, int k) in Shapes().Select(row => ((int)row[0], (int)row[1], (int)row[2])))
        {
            foreach (float alpha in new[] { 1f, 0.25f })
            {
                Matrix<float> a = Random(random, m, k);
                Matrix<float> b = Random(random, k, n);
                Matrix<float> aT = a.Transpose();
                Matrix<float> bT = b.Transpose();
                double[,] expected = Reference(a, b, alpha);

                Matrix<float> c = Garbage(m, n);
                gemm.Multiply(a, b, c, alpha);
                ShouldMatch(c, expected, $"{backend} a·b {m}x{k}·{k}x{n} alpha {alpha}");

                c = Garbage(m, n);
                gemm.MultiplyTransposeRight(a, bT, c, alpha);
                ShouldMatch(c, expected, $"{backend} a·bᵀ {m}x{k}·{k}x{n} alpha {alpha}");

                c = Garbage(m, n);
                gemm.MultiplyTransposeLeft(aT, b, c, alpha);
                ShouldMatch(c, expected, $"{backend} aᵀ·b {m}x{k}·{k}x{n} alpha {alpha}");
            }
        }
    }

    [Fact]
    public void Multiply_NativeAndManaged_AgreeWithin1e4Relative()
    {
        NativeMatrixMultiplier? native = ComputeBackend.TryLoadNative();
        if (native is null)
        {
            return; // nothing to compare against on a machine without a BLAS; the test above still checks managed
        }

        MatrixMultiplier managed = Create("managed");
        var random = new Random(5);
        foreach ((int m, int n, int k) in Shapes().Select(row => ((int)row[0], (int)row[1], (int)row[2])))
        {
            Matrix<float> a = Random(random, m, k);
            Matrix<float> b = Random(random, k, n);
            Matrix<float> fromNative = Garbage(m, n);
            Matrix<float> fromManaged = Garbage(m, n);
            native.Multiply(a, b, fromNative);
            managed.Multiply(a, b, fromManaged);
            double scale = fromNative.Enumerate().Max(v => Math.Abs(v));
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    // Relative to the element, with a floor at a tenth of the largest one for sums that cancel to near 0.
                    Math.Abs(fromNative[i, j] - fromManaged[i, j]).Should().BeLessThanOrEqualTo(
                        (float)((1e-4 * Math.Max(Math.Abs(fromNative[i, j]), 0.1 * scale)) + 1e-6),
                        $"element ({i},{j}) of {m}x{k}·{k}x{n}");
                }
            }
        }
    }

    [Theory]
    [InlineData(false, false, 128, 64, 784)]
    [InlineData(false, true, 128, 784, 64)]
    [InlineData(true, false, 256, 128, 256)]
    [InlineData(false, false, 10, 1000, 128)]
    [InlineData(false, false, 128, 1, 784)]
    [InlineData(false, false, 250, 2, 300)]
    public void ManagedKernel_OneThreadOrCutInParts_GivesTheSameBits(bool transposeA, bool transposeB, int m, int n, int k)
    {
        // Training is reproducible bit for bit on one machine only if a product's bits do not depend on how it was cut
        // over the cores (nor on which tile or path computed an element).
        var random = new Random(m + n + k);
        Matrix<float> a = transposeA ? Random(random, k, m) : Random(random, m, k);
        Matrix<float> b = transposeB ? Random(random, n, k) : Random(random, k, n);
        Matrix<float> whole = Garbage(m, n), cut = Garbage(m, n);

        Product(new ManagedKernelMultiplier(1), transposeA, transposeB, a, b, whole);
        Product(new ManagedKernelMultiplier(2), transposeA, transposeB, a, b, cut);

        cut.Should().Be(whole);
        whole.Enumerate().Should().NotContain(float.NaN);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Multiply_InnerSizesDiffer_ThrowsNamingBothShapes(string backend)
    {
        MatrixMultiplier gemm = Create(backend);
        Action act = () => gemm.Multiply(Matrix<float>.Build.Dense(3, 4), Matrix<float>.Build.Dense(5, 2), Matrix<float>.Build.Dense(3, 2));
        act.Should().Throw<ArgumentException>().WithMessage("*3x4*5x2*inner sizes 4 and 5*");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Multiply_WrongResultShape_ThrowsNamingProductShape(string backend)
    {
        MatrixMultiplier gemm = Create(backend);
        Action act = () => gemm.MultiplyTransposeRight(Matrix<float>.Build.Dense(3, 4), Matrix<float>.Build.Dense(6, 4), Matrix<float>.Build.Dense(3, 5));
        act.Should().Throw<ArgumentException>().WithMessage("*3x5 result*product is 3x6*").Which.ParamName.Should().Be("result");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void MultiplyTransposeLeft_WrongInnerSize_Throws(string backend)
    {
        MatrixMultiplier gemm = Create(backend);
        Action act = () => gemm.MultiplyTransposeLeft(Matrix<float>.Build.Dense(4, 3), Matrix<float>.Build.Dense(5, 2), Matrix<float>.Build.Dense(3, 2));
        act.Should().Throw<ArgumentException>().WithMessage("*aᵀ·b*3x4*5x2*");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Multiply_ResultIsAnOperand_Throws(string backend)
    {
        MatrixMultiplier gemm = Create(backend);
        Matrix<float> square = Matrix<float>.Build.Dense(4, 4);
        Action act = () => gemm.Multiply(square, Matrix<float>.Build.Dense(4, 4), square);
        act.Should().Throw<ArgumentException>().WithMessage("*must not be one of its operands*");
    }

    [Theory]
    [MemberData(nameof(LibraryBackends))]
    public void Multiply_SparseMatrix_ThrowsAskingForDense(string backend)
    {
        MatrixMultiplier gemm = Create(backend);
        Action act = () => gemm.Multiply(Matrix<float>.Build.Sparse(2, 2), Matrix<float>.Build.Dense(2, 2), Matrix<float>.Build.Dense(2, 2));
        act.Should().Throw<ArgumentException>().WithMessage("*dense*");
    }

    internal static MatrixMultiplier Create(string backend) => backend switch
    {
        "managed" => ComputeBackendTests.Managed(),
        "mathnet" => MathNetMatrixMultiplier.Instance,
        "native" => ComputeBackend.TryLoadNative() ?? throw new InvalidOperationException("no native BLAS"),
        "reference" => ComputeBackend.TryLoadNative(BlasChoiceTests.ReferenceBlas) ?? throw new InvalidOperationException("no reference BLAS"),
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "unknown backend"),
    };

    private static void Product(MatrixMultiplier gemm, bool transposeA, bool transposeB, Matrix<float> a, Matrix<float> b, Matrix<float> c)
    {
        if (transposeA)
        {
            gemm.MultiplyTransposeLeft(a, b, c, 0.5f);
        }
        else if (transposeB)
        {
            gemm.MultiplyTransposeRight(a, b, c, 0.5f);
        }
        else
        {
            gemm.Multiply(a, b, c, 0.5f);
        }
    }

    private static Matrix<float> Random(Random random, int rows, int columns) =>
        Matrix<float>.Build.Dense(rows, columns, (_, _) => (float)((random.NextDouble() * 2) - 1));

    // NaN everywhere: a kernel that accumulates into the result instead of overwriting it fails loudly.
    private static Matrix<float> Garbage(int rows, int columns) => Matrix<float>.Build.Dense(rows, columns, float.NaN);

    private static double[,] Reference(Matrix<float> a, Matrix<float> b, float alpha)
    {
        var c = new double[a.RowCount, b.ColumnCount];
        for (int i = 0; i < a.RowCount; i++)
        {
            for (int j = 0; j < b.ColumnCount; j++)
            {
                double sum = 0;
                for (int p = 0; p < a.ColumnCount; p++)
                {
                    sum += (double)a[i, p] * b[p, j];
                }

                c[i, j] = alpha * sum;
            }
        }

        return c;
    }

    private static void ShouldMatch(Matrix<float> actual, double[,] expected, string what)
    {
        double scale = 0;
        foreach (double v in expected)
        {
            scale = Math.Max(scale, Math.Abs(v));
        }

        for (int i = 0; i < actual.RowCount; i++)
        {
            for (int j = 0; j < actual.ColumnCount; j++)
            {
                // 1e-4 relative, with a floor at a tenth of the largest element for sums that cancel to near 0.
                double tolerance = 1e-4 * Math.Max(Math.Abs(expected[i, j]), 1e-1 * scale) + 1e-6;
                Math.Abs(actual[i, j] - expected[i, j]).Should().BeLessThanOrEqualTo(tolerance, $"element ({i},{j}) of {what}");
            }
        }
    }
}
