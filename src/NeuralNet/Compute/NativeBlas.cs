using System.Globalization;
using System.Runtime.InteropServices;

namespace NeuralNet.Compute;

/// <summary>A native BLAS loaded at run time: its handle, its <c>cblas_sgemm</c>, and what it says about itself.</summary>
/// <remarks>
/// Nothing is linked at build time, so the package runs on machines without any BLAS; <see cref="TryLoad"/> just
/// reports failure there. The function pointers stay valid for the life of the process (the library is never freed).
/// </remarks>
internal sealed unsafe class NativeBlas
{
    /// <summary>The CBLAS constant for column-major storage, MathNet's layout.</summary>
    public const int ColumnMajor = 102;

    /// <summary>The CBLAS constant for an operand used as stored.</summary>
    public const int NoTranspose = 111;

    /// <summary>The CBLAS constant for an operand used transposed.</summary>
    public const int Transpose = 112;

    private readonly delegate* unmanaged[Cdecl]<int, void> _setThreads;
    private readonly delegate* unmanaged[Cdecl]<int> _getThreads;

    private NativeBlas(string libraryPath, string provider, string? details, IntPtr sgemm, IntPtr setThreads, IntPtr getThreads)
    {
        LibraryPath = libraryPath;
        Provider = provider;
        Details = details;
        Sgemm = (delegate* unmanaged[Cdecl]<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
        _setThreads = (delegate* unmanaged[Cdecl]<int, void>)setThreads;
        _getThreads = (delegate* unmanaged[Cdecl]<int>)getThreads;
    }

    /// <summary>The names tried, in order, when no library is named: OpenBLAS first (Debian's <c>libblas.so.3</c> may be the slow reference BLAS, which is then timed before use).</summary>
    public static IReadOnlyList<string> DefaultCandidates { get; } =
    [
        "libopenblas.so.0",
        "libopenblas.so",
        "libblas.so.3",
        "libcblas.so.3",
        "libmkl_rt.so",
        "libmkl_rt.so.2",
        "libblis.so.4",
        "libblis.so",
        "/System/Library/Frameworks/Accelerate.framework/Accelerate",
        "libopenblas.dylib",
        "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
        "/usr/local/opt/openblas/lib/libopenblas.dylib",
        "libopenblas.dll",
        "openblas.dll",
        "mkl_rt.dll",
    ];

    /// <summary><c>cblas_sgemm(order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)</c>.</summary>
    public delegate* unmanaged[Cdecl]<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemm { get; }

    /// <summary>The file that was loaded (resolved from the loader's map where the platform tells), or the name it was loaded by.</summary>
    public string LibraryPath { get; }

    /// <summary>The implementation: <c>OpenBLAS</c>, <c>MKL</c>, <c>BLIS</c>, <c>Accelerate</c>, <c>reference BLAS</c> (netlib's), or <c>BLAS</c> when its exports do not say.</summary>
    public string Provider { get; }

    /// <summary>Whether the exports name one of the tuned implementations (OpenBLAS, MKL, BLIS, Accelerate), which are used without being timed.</summary>
    /// <remarks>Any other library, the netlib reference BLAS among them, may be slower than the managed kernel: see <see cref="BlasCalibration"/>.</remarks>
    public bool IsTuned => Provider is "OpenBLAS" or "MKL" or "BLIS" or "Accelerate";

    /// <summary>What the library reports about its build, such as OpenBLAS's core name; null when it does not say.</summary>
    public string? Details { get; }

    /// <summary>Whether the thread count of the library's own parallelism can be read and set (OpenBLAS can).</summary>
    public bool ControlsThreads => _setThreads != null;

    /// <summary>The library's own thread count, or 1 when it has no such setting.</summary>
    public int Threads => _getThreads != null ? _getThreads() : 1;

    /// <summary>Sets the library's own thread count, where it has one.</summary>
    public void SetThreads(int threads)
    {
        if (_setThreads != null)
        {
            _setThreads(threads);
        }
    }

    /// <summary>Loads the first of <paramref name="candidates"/> that loads and exports <c>cblas_sgemm</c>.</summary>
    /// <param name="candidates">Library names or paths, tried in order.</param>
    /// <param name="tried">What happened to each candidate, for error messages.</param>
    /// <returns>The library, or <see langword="null"/> when none qualified.</returns>
    public static NativeBlas? TryLoad(IEnumerable<string> candidates, out string tried)
    {
        var attempts = new List<string>();
        foreach (string candidate in candidates)
        {
            if (!NativeLibrary.TryLoad(candidate, out IntPtr handle))
            {
                attempts.Add($"{candidate}: not found");
                continue;
            }

            if (!NativeLibrary.TryGetExport(handle, "cblas_sgemm", out IntPtr sgemm))
            {
                attempts.Add($"{candidate}: loaded but exports no cblas_sgemm");
                continue;
            }

            tried = string.Join("; ", attempts);
            return Describe(candidate, handle, sgemm);
        }

        tried = string.Join("; ", attempts);
        return null;
    }

    private static NativeBlas Describe(string candidate, IntPtr handle, IntPtr sgemm)
    {
        string path = ResolvePath(sgemm) ?? candidate;
        if (NativeLibrary.TryGetExport(handle, "openblas_get_config", out IntPtr config))
        {
            NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out IntPtr set);
            NativeLibrary.TryGetExport(handle, "openblas_get_num_threads", out IntPtr get);
            string? core = NativeLibrary.TryGetExport(handle, "openblas_get_corename", out IntPtr coreName)
                ? Marshal.PtrToStringAnsi(((delegate* unmanaged[Cdecl]<IntPtr>)coreName)())
                : null;
            string? build = Marshal.PtrToStringAnsi(((delegate* unmanaged[Cdecl]<IntPtr>)config)());
            string details = core is null ? build ?? "" : $"{build}, core {core}";
            return new NativeBlas(path, "OpenBLAS", details, sgemm, set, get);
        }

        // Netlib's CBLAS wrapper (Debian's libblas3 and most distributions' reference BLAS) exports these two and the
        // tuned libraries do not; the others are told apart by an export of their own.
        string provider =
            NativeLibrary.TryGetExport(handle, "MKL_Get_Version", out _) ? "MKL"
            : NativeLibrary.TryGetExport(handle, "bli_info_get_version_str", out _) ? "BLIS"
            : candidate.Contains("Accelerate", StringComparison.Ordinal) || NativeLibrary.TryGetExport(handle, "vDSP_vadd", out _) ? "Accelerate"
            : NativeLibrary.TryGetExport(handle, "CBLAS_CallFromC", out _) && NativeLibrary.TryGetExport(handle, "RowMajorStrg", out _) ? "reference BLAS"
            : "BLAS";
        return new NativeBlas(path, provider, null, sgemm, IntPtr.Zero, IntPtr.Zero);
    }

    /// <summary>Finds the file that holds <paramref name="address"/> in /proc/self/maps (Linux); null elsewhere.</summary>
    private static string? ResolvePath(IntPtr address)
    {
        const string maps = "/proc/self/maps";
        if (!OperatingSystem.IsLinux() || !File.Exists(maps))
        {
            return null;
        }

        ulong target = (ulong)address;
        foreach (string line in File.ReadLines(maps))
        {
            // "start-end perms offset dev inode path"
            int dash = line.IndexOf('-', StringComparison.Ordinal);
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            int slash = line.IndexOf('/', StringComparison.Ordinal);
            if (dash < 0 || space < dash || slash < 0
                || !ulong.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong start)
                || !ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong end))
            {
                continue;
            }

            if (target >= start && target < end)
            {
                return line[slash..];
            }
        }

        return null;
    }
}
