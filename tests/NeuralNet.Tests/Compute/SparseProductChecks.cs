using System.Runtime.Intrinsics;
using NeuralNet.Compute;

namespace NeuralNet.Tests.Compute;

/// <summary>Products with mostly-zero inputs, through every engine this machine has, against scalar forms of what they promise bit for bit.</summary>
/// <remarks>
/// <para>Mostly zeros (<see cref="SparseInputProduct"/>, a batch or one sample): each element one chain of fused
/// multiply-adds over the nonzero k in ascending order from +0, times alpha. One sample with more nonzero values
/// (<see cref="ManagedKernelMultiplier.Narrow"/> with <see cref="NonzeroPairs"/>): each element two chains in ascending
/// order, over the low and the high half of every k, zeros included (so skipping changes nothing), added and scaled.</para>
/// <para>Run in the test process and, with AVX-512 off, in a child (<c>dotnet exec NeuralNet.Tests.dll sparse-checks</c>).</para>
/// </remarks>
internal static class SparseProductChecks
{
    /// <summary>(rows, depth, samples): a first layer at a batch, odd sizes around the 64-row, 64-deep and 64-sample blocks, the smallest product sent to the sparse kernel, a depth whose lists hold only 51 samples per block, and batches large enough that each half of a split copies A into panels (a last panel of 2 rows, an odd depth).</summary>
    public static readonly (int M, int K, int N)[] BatchShapes = [(128, 784, 70), (130, 257, 129), (64, 64, 3), (200, 100, 65), (96, 1000, 33), (64, 5000, 70), (130, 257, 601)];

    /// <summary>(rows, depth) of one-sample products: every register path (64, 32, 8 and single rows, a last block of 8 that overlaps the one before), cut between threads by depth and rows or not at all, and an odd depth.</summary>
    public static readonly (int M, int K)[] SampleShapes = [(128, 784), (107, 785), (3, 9), (64, 2), (300, 1001), (20, 50)];

    public static IEnumerable<string> Engines()
    {
        yield return "managed";
        if (ComputeBackend.TryLoadNative() is not null)
        {
            yield return "native";
        }

        if (File.Exists(BlasChoiceTests.ReferenceBlas))
        {
            yield return "reference";
        }
    }

    /// <summary>Every element that differs from its scalar form, as a line naming the engine, product and element.</summary>
    public static IEnumerable<string> Mismatches()
    {
        foreach (string engine in Engines())
        {
            MatrixMultiplier gemm = MatrixMultiplierTests.Create(engine);
            var random = new Random(17);
            foreach ((int m, int k, int n) in BatchShapes)
            {
                foreach (float alpha in new[] { 1f, 1f / 255 })
                {
                    Matrix<float> a = Weights(random, m, k);
                    Matrix<float> b = Pictures(random, k, n);
                    Matrix<float> c = Matrix<float>.Build.Dense(m, n, float.NaN);
                    gemm.Multiply(a, b, c, alpha);
                    if (!SentToSparseKernel(a, b))
                    {
                        yield return $"{engine}: batch {m}x{k}·{k}x{n} is not sent to the sparse kernel";
                    }
                    else if (FirstDifference(c, SparseReference(a, b, alpha)) is string at)
                    {
                        yield return $"{engine}: batch {m}x{k}·{k}x{n}, alpha {alpha}: {at}";
                    }

                    // The weight gradient of such a layer: dW = alpha·dZ·Xᵀ, with the batch's n samples as the inner size.
                    Matrix<float> dz = Weights(random, m, n);
                    Matrix<float> dw = Matrix<float>.Build.Dense(m, k, float.NaN);
                    gemm.MultiplyTransposeRight(dz, b, dw, alpha);
                    if (FirstDifference(dw, SparseReference(dz, b.Transpose(), alpha)) is string gradientAt)
                    {
                        yield return $"{engine}: gradient {m}x{n}·({k}x{n})ᵀ, alpha {alpha}: {gradientAt}";
                    }
                }
            }

            // Padded storage through the span form (a block of a larger array, as a convolution passes): the kernels must
            // follow the leading dimensions, and so must the copy into panels (600 samples).
            foreach (int n in new[] { 40, 600 })
            {
                const int m = 96, k = 300, pad = 5;
                Matrix<float> a = Weights(random, m, k);
                Matrix<float> b = Pictures(random, k, n);
                float[] paddedA = Padded(a, pad), paddedB = Padded(b, pad);
                float[] paddedC = Enumerable.Repeat(float.NaN, (m + pad) * n).ToArray();
                gemm.Multiply(false, false, m, n, k, 0.5f, paddedA, m + pad, paddedB, k + pad, paddedC, m + pad);
                var c = Matrix<float>.Build.Dense(m, n, (i, j) => paddedC[(j * (m + pad)) + i]);
                if (!SentToSparseKernel(a, b))
                {
                    yield return $"{engine}: the padded batch is not sent to the sparse kernel";
                }
                else if (FirstDifference(c, SparseReference(a, b, 0.5f)) is string at)
                {
                    yield return $"{engine}: padded batch {m}x{k}·{k}x{n}: {at}";
                }
                else if (Enumerable.Range(0, n).Any(j => Enumerable.Range(m, pad).Any(i => !float.IsNaN(paddedC[(j * (m + pad)) + i]))))
                {
                    yield return $"{engine}: the padded batch wrote into the padding of C";
                }
            }

            foreach (string mismatch in SampleMismatches(engine, gemm, random))
            {
                yield return mismatch;
            }
        }

        // One sample's dense product is cut by depth between two threads, and by rows too with more: the same bits on
        // one thread and on four as on the two above.
        foreach ((string name, MatrixMultiplier gemm) in new[] { ("managed on 1 thread", OneThread), ("managed on 4 threads", FourThreads) })
        {
            foreach (string mismatch in SampleMismatches(name, gemm, new Random(17)))
            {
                yield return mismatch;
            }
        }
    }

    private static readonly MatrixMultiplier OneThread = new ManagedKernelMultiplier(1);
    private static readonly MatrixMultiplier FourThreads = new ManagedKernelMultiplier(4);

    private static IEnumerable<string> SampleMismatches(string engine, MatrixMultiplier gemm, Random random)
    {
        foreach ((int m, int k) in SampleShapes)
        {
            foreach (int n in new[] { 1, 2 })
            {
                // A picture (the sparse kernel where the layer is wide enough) and one with more ink than background
                // (the dense chains, skipping its pairs of zeros).
                foreach (int strokeOdds in new[] { 20, 2 })
                {
                    Matrix<float> a = Weights(random, m, k);
                    Matrix<float> b = Pictures(random, k, n, strokeOdds: strokeOdds);
                    Matrix<float> c = Matrix<float>.Build.Dense(m, n, float.NaN);
                    gemm.Multiply(a, b, c, 0.5f);
                    bool sparse = SentToSparseKernel(a, b);
                    if ((strokeOdds == 2 && sparse) || (strokeOdds == 20 && m >= 64 && k >= 64 && !sparse))
                    {
                        yield return $"{engine}: one sample {m}x{k}·{k}x{n} with stroke odds 1 in {strokeOdds} is {(sparse ? "" : "not ")}sent to the sparse kernel";
                    }
                    else if (FirstDifference(c, sparse ? SparseReference(a, b, 0.5f) : DenseChainsReference(a, b, 0.5f)) is string at)
                    {
                        yield return $"{engine}: one sample {m}x{k}·{k}x{n}, {(sparse ? "sparse" : "dense chains")}: {at}";
                    }
                }
            }
        }
    }

    /// <summary>Prints the mismatches and a line saying which vectors ran; 0 when there are none.</summary>
    public static int RunAll(TextWriter output)
    {
        int mismatches = 0;
        foreach (string line in Mismatches())
        {
            output.WriteLine(line);
            mismatches++;
        }

        output.WriteLine($"{mismatches} mismatches on {string.Join(", ", Engines())}; Vector512 accelerated: {Vector512.IsHardwareAccelerated}");
        return mismatches == 0 ? 0 : 1;
    }

    /// <summary>Like raw images: runs of zeros (background) and of values up to 255, a few isolated nonzero values, and (with <paramref name="specials"/>) in one sample a NaN and an infinity, which must come through.</summary>
    public static Matrix<float> Pictures(Random random, int rows, int columns, bool specials = true, int strokeOdds = 20)
    {
        var b = Matrix<float>.Build.Dense(rows, columns);
        for (int j = 0; j < columns; j++)
        {
            bool ink = false;
            for (int i = 0; i < rows; i++)
            {
                // A stroke ends with odds 1 in 4 and one starts with odds 1 in 20: a sixth of the values are ink (MNIST: a fifth);
                // with strokes starting at odds 1 in 2, two thirds are.
                if (random.Next(ink ? 4 : strokeOdds) == 0)
                {
                    ink = !ink;
                }

                b[i, j] = ink || random.Next(40) == 0 ? 1 + random.Next(255) : (random.Next(2) == 0 ? 0f : -0f);
            }
        }

        if (specials && columns > 2 && rows > 5)
        {
            b[rows / 2, columns / 2] = float.NaN;
            b[rows - 1, 1] = float.PositiveInfinity;
        }

        return b;
    }

    /// <summary>Whether <see cref="SparseInputProduct.Pays"/> takes <c>a·b</c>: else the check would test the dense kernels, which on short depths give the same bits.</summary>
    public static unsafe bool SentToSparseKernel(Matrix<float> a, Matrix<float> b)
    {
        fixed (float* pb = b.AsColumnMajorArray())
        {
            var g = new GemmArguments { M = a.RowCount, N = b.ColumnCount, K = b.RowCount, Alpha = 1f, B = pb, Ldb = b.RowCount, Lda = a.RowCount, Ldc = a.RowCount };
            return SparseInputProduct.Pays(g);
        }
    }

    /// <summary>The matrix's columns, each followed by <paramref name="pad"/> NaNs.</summary>
    private static float[] Padded(Matrix<float> x, int pad)
    {
        var padded = Enumerable.Repeat(float.NaN, (x.RowCount + pad) * x.ColumnCount).ToArray();
        for (int j = 0; j < x.ColumnCount; j++)
        {
            for (int i = 0; i < x.RowCount; i++)
            {
                padded[(j * (x.RowCount + pad)) + i] = x[i, j];
            }
        }

        return padded;
    }

    private static Matrix<float> Weights(Random random, int rows, int columns) =>
        Matrix<float>.Build.Dense(rows, columns, (_, _) => (float)((random.NextDouble() * 2) - 1));

    public static float[,] SparseReference(Matrix<float> a, Matrix<float> b, float alpha)
    {
        var c = new float[a.RowCount, b.ColumnCount];
        for (int j = 0; j < b.ColumnCount; j++)
        {
            for (int i = 0; i < a.RowCount; i++)
            {
                float sum = 0f;
                for (int k = 0; k < a.ColumnCount; k++)
                {
                    if (b[k, j] != 0f)
                    {
                        sum = MathF.FusedMultiplyAdd(a[i, k], b[k, j], sum);
                    }
                }

                c[i, j] = alpha == 1f ? sum : sum * alpha;
            }
        }

        return c;
    }

    private static float[,] DenseChainsReference(Matrix<float> a, Matrix<float> b, float alpha)
    {
        // The low chain covers the first half of the pairs of k, rounded up; the high chain the rest.
        int lowDepth = 2 * (((a.ColumnCount / 2) + 1) / 2);
        var c = new float[a.RowCount, b.ColumnCount];
        for (int j = 0; j < b.ColumnCount; j++)
        {
            for (int i = 0; i < a.RowCount; i++)
            {
                float low = 0f, high = 0f;
                for (int k = 0; k < a.ColumnCount; k++)
                {
                    if (k < lowDepth)
                    {
                        low = MathF.FusedMultiplyAdd(a[i, k], b[k, j], low);
                    }
                    else
                    {
                        high = MathF.FusedMultiplyAdd(a[i, k], b[k, j], high);
                    }
                }

                c[i, j] = alpha * (low + high);
            }
        }

        return c;
    }

    public static string? FirstDifference(Matrix<float> actual, float[,] expected)
    {
        for (int j = 0; j < actual.ColumnCount; j++)
        {
            for (int i = 0; i < actual.RowCount; i++)
            {
                if (BitConverter.SingleToInt32Bits(actual[i, j]) != BitConverter.SingleToInt32Bits(expected[i, j]) && !(float.IsNaN(actual[i, j]) && float.IsNaN(expected[i, j])))
                {
                    return $"element ({i},{j}) is {actual[i, j]:R}, its scalar form {expected[i, j]:R}";
                }
            }
        }

        return null;
    }
}
