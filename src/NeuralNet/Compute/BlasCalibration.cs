using System.Diagnostics;
using System.Globalization;

namespace NeuralNet.Compute;

/// <summary>A native BLAS timed against the managed kernel on the products of a small network: once per library and process.</summary>
/// <remarks>
/// <para>A library whose exports do not name a tuned implementation (see <see cref="NativeBlas.IsTuned"/>) may be far slower
/// than the managed kernel: Debian's netlib reference BLAS, which many packages pull in as <c>libblas.so.3</c>, trains
/// about ten times slower. So before such a library is used, the products of one training step of a 256-64-64-10 network
/// at batch 32 run on both engines, one thread each: every product once to warm up, then three times alternately, and the
/// fastest of the three counts. That takes a few milliseconds (most of it the slower engine's).</para>
/// <para>The products fall into six classes, by form (a·b, a·bᵀ, aᵀ·b) and by size (below or above 65,536 multiply-adds);
/// <see cref="Choice"/> routes each class to its faster engine when that beats the faster engine alone by 10 %.</para>
/// </remarks>
internal sealed unsafe class BlasCalibration
{
    /// <summary>The number of product classes (<see cref="ClassOf"/>).</summary>
    public const int Classes = 6;

    private const long SmallProduct = 1L << 16;
    private const int Rounds = 3;

    private static readonly Dictionary<string, BlasCalibration> Cache = [];
    private static readonly Lock Gate = new();

    // (op(A) transposed, op(B) transposed, m, n, k): Z = W·A, dW = dZ·Aᵀ and dA = Wᵀ·dZ of 256-64-64-10 at batch 32.
    private static readonly (bool TransposeA, bool TransposeB, int M, int N, int K)[] Products =
    [
        (false, false, 64, 32, 256),
        (false, false, 64, 32, 64),
        (false, false, 10, 32, 64),
        (false, true, 10, 64, 32),
        (true, false, 64, 32, 10),
        (false, true, 64, 64, 32),
        (true, false, 64, 32, 64),
        (false, true, 64, 256, 32),
    ];

    private readonly double[] _native = new double[Classes];
    private readonly double[] _managed = new double[Classes];

    private BlasCalibration(NativeBlas blas)
    {
        Blas = blas;
        foreach (var product in Products)
        {
            (double native, double managed) = Time(blas, product);
            int shape = ClassOfShape(product.TransposeA, product.TransposeB, (long)product.M * product.N * product.K);
            _native[shape] += native;
            _managed[shape] += managed;
        }

        for (int shape = 0; shape < Classes; shape++)
        {
            if (_native[shape] < _managed[shape])
            {
                NativeClasses |= 1 << shape;
            }
        }

        NativeSeconds = _native.Sum();
        ManagedSeconds = _managed.Sum();
        RoutedSeconds = Enumerable.Range(0, Classes).Sum(shape => Math.Min(_native[shape], _managed[shape]));
    }

    /// <summary>A calibration decided by hand, without timing: <paramref name="nativeClasses"/> go to the BLAS; for tests of the routes.</summary>
    internal BlasCalibration(NativeBlas blas, int nativeClasses)
    {
        Blas = blas;
        NativeClasses = nativeClasses;
    }

    /// <summary>What the calibration decided.</summary>
    public enum Verdict
    {
        /// <summary>The managed kernel is faster on every class, or on enough of them.</summary>
        Managed,

        /// <summary>The BLAS is faster on every class, or on enough of them.</summary>
        Native,

        /// <summary>Each class goes to its faster engine (<see cref="NativeClasses"/>).</summary>
        Routed,
    }

    /// <summary>The library that was timed.</summary>
    public NativeBlas Blas { get; }

    /// <summary>The classes (bit <see cref="ClassOf"/>) on which the BLAS was faster.</summary>
    public int NativeClasses { get; }

    /// <summary>The calibration's products on the BLAS, one thread, fastest of three (seconds).</summary>
    public double NativeSeconds { get; }

    /// <summary>The same products on the managed kernel.</summary>
    public double ManagedSeconds { get; }

    /// <summary>The same products with each class on its faster engine.</summary>
    public double RoutedSeconds { get; }

    /// <summary>Managed, native, or routed by class: routing must beat the faster engine alone by 10 % to be chosen.</summary>
    public Verdict Choice =>
        NativeClasses != 0 && NativeClasses != (1 << Classes) - 1 && RoutedSeconds < 0.9 * Math.Min(NativeSeconds, ManagedSeconds) ? Verdict.Routed
        : NativeSeconds < ManagedSeconds ? Verdict.Native
        : Verdict.Managed;

    /// <summary>The class of a product: its form (a·b, a·bᵀ, aᵀ·b) times two, plus one when it has at least 65,536 multiply-adds.</summary>
    public static int ClassOf(in GemmArguments g) => ClassOfShape(g.TransposeA, g.TransposeB, g.MultiplyAdds);

    /// <summary>Times <paramref name="blas"/> the first time it is asked for in this process; later calls return the same result.</summary>
    public static BlasCalibration For(NativeBlas blas)
    {
        lock (Gate)
        {
            if (!Cache.TryGetValue(blas.LibraryPath, out BlasCalibration? calibration))
            {
                calibration = new BlasCalibration(blas);
                Cache[blas.LibraryPath] = calibration;
            }

            return calibration;
        }
    }

    /// <summary>Says how the engines compared, such as <c>reference BLAS, 9.6× slower here</c> (from the BLAS's side).</summary>
    public string Comparison()
    {
        double ratio = NativeSeconds / ManagedSeconds;
        return ratio >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{Blas.Provider}, {ratio:0.0}× slower here")
            : string.Create(CultureInfo.InvariantCulture, $"{Blas.Provider}, {1 / ratio:0.0}× faster here");
    }

    /// <summary>Names the classes routed to the BLAS, such as <c>large a·b and a·bᵀ</c>.</summary>
    public string NativeClassNames()
    {
        string[] forms = ["a·b", "a·bᵀ", "aᵀ·b"];
        var names = new List<string>();
        for (int shape = 0; shape < Classes; shape++)
        {
            if ((NativeClasses & (1 << shape)) != 0)
            {
                names.Add($"{(shape % 2 == 0 ? "small" : "large")} {forms[shape / 2]}");
            }
        }

        return string.Join(", ", names);
    }

    private static int ClassOfShape(bool transposeA, bool transposeB, long multiplyAdds) =>
        ((transposeA ? 2 : transposeB ? 1 : 0) * 2) + (multiplyAdds >= SmallProduct ? 1 : 0);

    private static (double Native, double Managed) Time(NativeBlas blas, (bool TransposeA, bool TransposeB, int M, int N, int K) product)
    {
        (bool ta, bool tb, int m, int n, int k) = product;
        float[] a = Values(m * k), b = Values(k * n), c = new float[m * n];
        fixed (float* pa = a, pb = b, pc = c)
        {
            var g = new GemmArguments
            {
                TransposeA = ta,
                TransposeB = tb,
                M = m,
                N = n,
                K = k,
                Alpha = 1f,
                A = pa,
                Lda = ta ? k : m,
                B = pb,
                Ldb = tb ? n : k,
                C = pc,
                Ldc = m,
                Parts = 1,
            };
            double native = double.MaxValue, managed = double.MaxValue;
            for (int round = 0; round <= Rounds; round++)
            {
                long started = Stopwatch.GetTimestamp();
                NativeMatrixMultiplier.Sgemm(g, (IntPtr)blas.Sgemm);
                long middle = Stopwatch.GetTimestamp();
                ManagedKernelMultiplier.Kernel(g);
                long ended = Stopwatch.GetTimestamp();

                // Round 0 warms both up (the managed kernel's first call compiles it).
                if (round > 0)
                {
                    native = Math.Min(native, (middle - started) / (double)Stopwatch.Frequency);
                    managed = Math.Min(managed, (ended - middle) / (double)Stopwatch.Frequency);
                }
            }

            return (native, managed);
        }
    }

    // Values in [-0.5, 0.5) without denormals or zeros, which a BLAS might skip; which ones does not matter.
    private static float[] Values(int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = ((i * 7919 % 1000) + 0.5f) / 1000f - 0.5f;
        }

        return values;
    }
}
