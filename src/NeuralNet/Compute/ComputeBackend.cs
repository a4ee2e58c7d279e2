using System.Runtime.CompilerServices;

namespace NeuralNet.Compute;

/// <summary>Chooses and describes the engine behind every matrix product of the library.</summary>
/// <remarks>
/// <para>At first use the library looks for a native BLAS (OpenBLAS, MKL, BLIS, Accelerate, or any library exporting
/// <c>cblas_sgemm</c>) and routes its products there; without one it uses managed code, slower but giving the same
/// results. The environment variable <c>NEURALNET_BLAS</c> overrides the search: <c>managed</c>, <c>native</c> (the
/// default search), or a library name or path such as <c>/opt/OpenBLAS/lib/libopenblas.so</c>.</para>
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
    private static readonly Dictionary<int, ManagedKernelMultiplier> ManagedCache = [];
    private static MatrixMultiplier? _multiplier;
    private static int _threads = DefaultThreads;

    /// <summary>What is in use now: the provider, the native library's path, and the threads one product may use.</summary>
    /// <exception cref="InvalidOperationException"><c>NEURALNET_BLAS</c> names a library that cannot be used.</exception>
    public static ComputeBackendInfo Current => Multiplier switch
    {
        NativeMatrixMultiplier native => new(native.Name, native.Blas.LibraryPath, native.Threads) { Details = native.Blas.Details },
        SlicedMatrixMultiplier sliced => new(sliced.Name, null, sliced.Threads),
        MatrixMultiplier other => new(other.Name, null, 1),
    };

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
                    NativeMatrixMultiplier native => NativeFor(native.Blas.LibraryPath, native.Blas),
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
            _multiplier = ManagedKernelFor();
        }
    }

    /// <summary>Routes every product through a native BLAS: the one named, or the first found among the usual names.</summary>
    /// <param name="library">A library name (<c>libopenblas.so.0</c>) or path; default: search <c>libopenblas</c>, <c>libblas.so.3</c>, <c>libcblas.so.3</c>, MKL, BLIS, Accelerate.</param>
    /// <exception cref="DllNotFoundException">No such library loads, or it exports no <c>cblas_sgemm</c>; the message lists what was tried.</exception>
    public static void UseNative(string? library = null)
    {
        lock (Gate)
        {
            _multiplier = LoadNative(library) ?? throw new DllNotFoundException(
                $"No native BLAS with cblas_sgemm could be loaded ({LastAttempts}). Install one (Debian/Ubuntu: apt-get install libopenblas0-pthread) or call ComputeBackend.UseManaged().");
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

    /// <summary>Forgets the choice, so the next product chooses again (and reads the environment variable again); for tests.</summary>
    internal static void Reset()
    {
        lock (Gate)
        {
            _multiplier = null;
            _threads = DefaultThreads;
        }
    }

    /// <summary>Loads a native BLAS without selecting it, for tests that compare backends; null when none loads.</summary>
    internal static NativeMatrixMultiplier? TryLoadNative(string? library = null)
    {
        lock (Gate)
        {
            return LoadNative(library);
        }
    }

    /// <summary>What the last search tried, for messages.</summary>
    internal static string LastAttempts { get; private set; } = "";

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
            _multiplier = setting?.ToUpperInvariant() switch
            {
                null or "" or "NATIVE" or "AUTO" => (MatrixMultiplier?)LoadNative(null) ?? ManagedKernelFor(),
                "MANAGED" => ManagedKernelFor(),
                _ => LoadNative(setting) ?? throw new InvalidOperationException(
                    $"{EnvironmentVariable} is '{setting}' but that library cannot be used ({LastAttempts}); set it to 'managed', 'native', or the path of a BLAS exporting cblas_sgemm."),
            };
            return _multiplier;
        }
    }

    private static NativeMatrixMultiplier? LoadNative(string? library)
    {
        NativeBlas? blas = NativeBlas.TryLoad(library is null ? NativeBlas.DefaultCandidates : [library], out string tried);
        LastAttempts = tried;
        return blas is null ? null : NativeFor(library ?? "", blas);
    }

    private static NativeMatrixMultiplier NativeFor(string key, NativeBlas blas)
    {
        // One multiplier (and one set of helper threads) per library and thread count, however often callers switch.
        if (!NativeCache.TryGetValue((key, _threads), out NativeMatrixMultiplier? multiplier))
        {
            multiplier = new NativeMatrixMultiplier(blas, _threads);
            NativeCache[(key, _threads)] = multiplier;
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
