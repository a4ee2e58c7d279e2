// Over 250 lines: the one place the product engine is chosen (search, identification, calibration, explicit overrides) and the reason it reports.
using System.Globalization;
using System.Runtime.CompilerServices;

namespace NeuralNet.Compute;

/// <summary>Chooses and describes the engine behind every matrix product of the library.</summary>
/// <remarks>
/// <para>At first use the library looks for a native BLAS exporting <c>cblas_sgemm</c>. One whose exports name a tuned
/// implementation (OpenBLAS, MKL, BLIS, Accelerate) is used. Any other, such as the netlib reference BLAS that Debian
/// and Ubuntu install as <c>libblas.so.3</c>, is first timed against the library's own managed kernel on the products of
/// a small network (a few milliseconds, once per process), and each class of product goes to whichever was faster; so
/// the default is never slower than the managed kernel. Without any BLAS the managed kernel is used; it gives the same
/// results to rounding. <see cref="Current"/> says what was chosen and why.</para>
/// <para>The environment variable <c>NEURALNET_BLAS</c> overrides the search: <c>managed</c>, <c>native</c> (the
/// default search), or a library name or path such as <c>/opt/OpenBLAS/lib/libopenblas.so</c>, which is then used
/// whatever its speed (with the measurement in <see cref="ComputeBackendInfo.Reason"/>).</para>
/// <para>Only the library's own products go through this seam: MathNet's global provider (<c>Control.LinearAlgebraProvider</c>),
/// and so any MathNet code of the caller, is left untouched.</para>
/// <para>Switching is not meant to happen while a network is training or predicting on another thread.</para>
/// </remarks>
public static class ComputeBackend
{
    /// <summary>The environment variable read at first use: <c>managed</c>, <c>native</c>, or a BLAS library name or path.</summary>
    public const string EnvironmentVariable = "NEURALNET_BLAS";

    private static readonly Lock Gate = new();
    private static readonly Dictionary<(string Library, int Threads), NativeMatrixMultiplier> NativeCache = [];
    private static readonly Dictionary<(string Library, int Threads), RoutedMatrixMultiplier> RoutedCache = [];
    private static readonly Dictionary<int, ManagedKernelMultiplier> ManagedCache = [];
    private static MatrixMultiplier? _multiplier;
    private static string? _reason;
    private static int _threads = DefaultThreads;

    /// <summary>What is in use now: the provider, the native library's path, the threads one product may use, and why it was chosen.</summary>
    /// <exception cref="InvalidOperationException"><c>NEURALNET_BLAS</c> names a library that cannot be used.</exception>
    public static ComputeBackendInfo Current
    {
        get
        {
            MatrixMultiplier multiplier = Multiplier;
            string? reason = Volatile.Read(ref _reason);
            return multiplier switch
            {
                NativeMatrixMultiplier native => new(native.Name, native.Blas.LibraryPath, native.Threads) { Details = native.Blas.Details, Reason = reason },
                RoutedMatrixMultiplier routed => new(routed.Name, routed.Calibration.Blas.LibraryPath, routed.Threads) { Details = routed.Calibration.Blas.Details, Reason = reason },
                SlicedMatrixMultiplier sliced => new(sliced.Name, null, sliced.Threads) { Reason = reason },
                _ => new(multiplier.Name, null, 1) { Reason = reason },
            };
        }
    }

    /// <summary>The most threads one matrix product may use, the caller's included; default the processor count, at most 4.</summary>
    /// <remarks>Products too small to gain from it run on one thread whatever this says.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in [1, 64].</exception>
    public static int ThreadsPerProduct
    {
        get => _threads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 64);
            lock (Gate)
            {
                _threads = value;
                _multiplier = _multiplier switch
                {
                    NativeMatrixMultiplier native => NativeFor(native.Blas),
                    RoutedMatrixMultiplier routed => RoutedFor(routed.Calibration),
                    SlicedMatrixMultiplier => ManagedKernelFor(),
                    var other => other,
                };
            }
        }
    }

    /// <summary>Routes every product through managed code, whatever native library exists.</summary>
    public static void UseManaged()
    {
        lock (Gate)
        {
            Select(ManagedKernelFor(), null);
        }
    }

    /// <summary>Routes every product through a native BLAS: the one named, or the first found among the usual names.</summary>
    /// <remarks>The library is used even where the managed kernel is faster; <see cref="Current"/> then says by how much.</remarks>
    /// <param name="library">A library name (<c>libopenblas.so.0</c>) or path; default: search <c>libopenblas</c>, <c>libblas.so.3</c>, <c>libcblas.so.3</c>, MKL, BLIS, Accelerate.</param>
    /// <exception cref="DllNotFoundException">No such library loads, or it exports no <c>cblas_sgemm</c>; the message lists what was tried.</exception>
    public static void UseNative(string? library = null)
    {
        lock (Gate)
        {
            NativeBlas blas = Load(library) ?? throw new DllNotFoundException(
                $"No native BLAS with cblas_sgemm could be loaded ({LastAttempts}). Install one (Debian/Ubuntu: apt-get install libopenblas0-pthread) or call ComputeBackend.UseManaged().");
            Select(NativeFor(blas), Named(blas, "UseNative"));
        }
    }

    /// <summary>The engine the layers call; chosen on first use.</summary>
    internal static MatrixMultiplier Multiplier
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        get => Volatile.Read(ref _multiplier) ?? Choose();
    }

    /// <summary>The helper threads of the multiplier in use, for work besides products; null before the first product or with one thread.</summary>
    /// <remarks>Does not choose a backend: code that only moves data (a dataset's batch gather) must not load a BLAS.</remarks>
    internal static ProductWorkers? Workers
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        get => Volatile.Read(ref _multiplier) is SlicedMatrixMultiplier sliced ? sliced.Workers : null;
    }

    /// <summary>The library names the default search tries, in order; tests replace them to see what the search does with a given set of libraries.</summary>
    internal static IReadOnlyList<string> SearchCandidates { get; set; } = NativeBlas.DefaultCandidates;

    /// <summary>What the last search tried, for messages.</summary>
    internal static string LastAttempts { get; private set; } = "";

    /// <summary>Forgets the choice, so the next product chooses again (and reads the environment variable again); for tests.</summary>
    internal static void Reset()
    {
        lock (Gate)
        {
            _multiplier = null;
            _reason = null;
            _threads = DefaultThreads;
            SearchCandidates = NativeBlas.DefaultCandidates;
        }
    }

    /// <summary>Loads a native BLAS without selecting it, for tests that compare backends; null when none loads.</summary>
    /// <remarks>Without a name this is the first library of the search that loads, tuned or not.</remarks>
    internal static NativeMatrixMultiplier? TryLoadNative(string? library = null)
    {
        lock (Gate)
        {
            return Load(library) is { } blas ? NativeFor(blas) : null;
        }
    }

    private static int DefaultThreads => Math.Clamp(Environment.ProcessorCount, 1, 4);

    private static MatrixMultiplier Choose()
    {
        lock (Gate)
        {
            if (_multiplier is not null)
            {
                return _multiplier;
            }

            string? setting = Environment.GetEnvironmentVariable(EnvironmentVariable)?.Trim();
            switch (setting?.ToUpperInvariant())
            {
                case null or "" or "NATIVE" or "AUTO":
                    Search();
                    break;
                case "MANAGED":
                    Select(ManagedKernelFor(), $"{EnvironmentVariable}=managed");
                    break;
                default:
                    NativeBlas blas = Load(setting) ?? throw new InvalidOperationException(
                        $"{EnvironmentVariable} is '{setting}' but that library cannot be used ({LastAttempts}); set it to 'managed', 'native', or the path of a BLAS exporting cblas_sgemm.");
                    Select(NativeFor(blas), Named(blas, EnvironmentVariable));
                    break;
            }

            return _multiplier!;
        }
    }

    /// <summary>The default search: the first tuned BLAS among the candidates; else the first other one, timed against the managed kernel; else the managed kernel.</summary>
    private static void Search()
    {
        NativeBlas? untuned = null;
        var attempts = new List<string>();
        foreach (string candidate in SearchCandidates)
        {
            NativeBlas? blas = NativeBlas.TryLoad([candidate], out string tried);
            if (blas is null)
            {
                attempts.Add(tried);
                continue;
            }

            if (blas.IsTuned)
            {
                LastAttempts = string.Join("; ", attempts);
                Select(NativeFor(blas), null);
                return;
            }

            untuned ??= blas;
        }

        LastAttempts = string.Join("; ", attempts);
        if (untuned is null)
        {
            Select(ManagedKernelFor(), "no native BLAS found");
            return;
        }

        BlasCalibration calibration = BlasCalibration.For(untuned);
        switch (calibration.Choice)
        {
            case BlasCalibration.Verdict.Native:
                Select(NativeFor(untuned), $"{calibration.Comparison()} than the managed kernel");
                break;
            case BlasCalibration.Verdict.Routed:
                double gain = Math.Min(calibration.NativeSeconds, calibration.ManagedSeconds) / calibration.RoutedSeconds;
                Select(RoutedFor(calibration), string.Create(
                    CultureInfo.InvariantCulture,
                    $"{calibration.NativeClassNames()} products through {untuned.LibraryPath}, the others managed ({gain:0.0}× faster here than either alone)"));
                break;
            default:
                Select(ManagedKernelFor(), $"faster than {untuned.LibraryPath} ({calibration.Comparison()})");
                break;
        }
    }

    /// <summary>The note for a library the caller named: none for a tuned one, the measurement for any other.</summary>
    private static string? Named(NativeBlas blas, string by)
    {
        if (blas.IsTuned)
        {
            return null;
        }

        BlasCalibration calibration = BlasCalibration.For(blas);
        return calibration.NativeSeconds > calibration.ManagedSeconds
            ? $"named by {by}, though the managed kernel is faster ({calibration.Comparison()})"
            : $"named by {by} ({calibration.Comparison()} than the managed kernel)";
    }

    private static NativeBlas? Load(string? library)
    {
        NativeBlas? blas = NativeBlas.TryLoad(library is null ? SearchCandidates : [library], out string tried);
        LastAttempts = tried;
        return blas;
    }

    private static void Select(MatrixMultiplier multiplier, string? reason)
    {
        Volatile.Write(ref _reason, reason);
        Volatile.Write(ref _multiplier, multiplier);
    }

    private static NativeMatrixMultiplier NativeFor(NativeBlas blas)
    {
        // One multiplier (and one set of helper threads) per library and thread count, however often callers switch.
        if (!NativeCache.TryGetValue((blas.LibraryPath, _threads), out NativeMatrixMultiplier? multiplier))
        {
            multiplier = new NativeMatrixMultiplier(blas, _threads);
            NativeCache[(blas.LibraryPath, _threads)] = multiplier;
        }

        return multiplier;
    }

    private static RoutedMatrixMultiplier RoutedFor(BlasCalibration calibration)
    {
        if (!RoutedCache.TryGetValue((calibration.Blas.LibraryPath, _threads), out RoutedMatrixMultiplier? multiplier))
        {
            multiplier = new RoutedMatrixMultiplier(calibration, _threads);
            RoutedCache[(calibration.Blas.LibraryPath, _threads)] = multiplier;
        }

        return multiplier;
    }

    private static ManagedKernelMultiplier ManagedKernelFor()
    {
        if (!ManagedCache.TryGetValue(_threads, out ManagedKernelMultiplier? multiplier))
        {
            multiplier = new ManagedKernelMultiplier(_threads);
            ManagedCache[_threads] = multiplier;
        }

        return multiplier;
    }
}
