using System.Runtime.Intrinsics;
using NeuralNet.Compute;

namespace NeuralNet.Tests.Compute;

// How the default search treats a BLAS that is not one of the tuned ones, with the real netlib reference BLAS (Debian's
// libblas3, which CI installs). The library is named by the file's own path, so the tests do not depend on where the
// machine's update-alternatives point libblas.so.3.
[Collection(nameof(GlobalBackend))]
public sealed class BlasChoiceTests : IDisposable
{
    /// <summary>Debian's reference BLAS, beside the alternatives link.</summary>
    public const string ReferenceBlas = "/usr/lib/x86_64-linux-gnu/blas/libblas.so.3";

    // With AVX2 or wider vectors the managed kernel is 10-20 times faster than the reference BLAS; on x64 without AVX2
    // (DOTNET_EnableAVX2=0) it is slower, and the search rightly keeps the BLAS: the tests that expect the managed
    // kernel to win run where it does, and SearchFollowsTheMeasurement runs everywhere.
    private static bool ManagedWins => File.Exists(ReferenceBlas) && Vector256.IsHardwareAccelerated;

    private readonly string? _savedVariable = Environment.GetEnvironmentVariable(ComputeBackend.EnvironmentVariable);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(ComputeBackend.EnvironmentVariable, _savedVariable);
        ComputeBackend.Reset();
    }

    [Fact]
    public void ReferenceBlas_OnThisMachine_IsInstalledWhereOpenBlasIs()
    {
        // Guards the tests below against passing by skipping: a Debian machine set up as CI is has both.
        if (File.Exists("/usr/lib/x86_64-linux-gnu/libopenblas.so.0"))
        {
            File.Exists(ReferenceBlas).Should().BeTrue("CI installs libblas3 beside libopenblas0-pthread");
        }
    }

    [Fact]
    public void TryLoad_ReferenceBlasByPath_IsIdentifiedByItsExportsAsUntuned()
    {
        if (!File.Exists(ReferenceBlas))
        {
            return;
        }

        NativeBlas blas = NativeBlas.TryLoad([ReferenceBlas], out _)!;
        blas.Provider.Should().Be("reference BLAS");
        blas.IsTuned.Should().BeFalse();
        blas.LibraryPath.Should().EndWith("libblas.so.3.11.0", "the loader's map names the file behind the link");
    }

    [Fact]
    public void TryLoad_OpenBlas_IsTuned()
    {
        NativeBlas? blas = NativeBlas.TryLoad(["libopenblas.so.0"], out _);
        if (blas is null)
        {
            return;
        }

        blas.Provider.Should().Be("OpenBLAS");
        blas.IsTuned.Should().BeTrue();
    }

    [Fact]
    public void Calibration_ReferenceBlas_FindsTheManagedKernelSeveralTimesFaster()
    {
        if (!ManagedWins)
        {
            return;
        }

        BlasCalibration calibration = BlasCalibration.For(NativeBlas.TryLoad([ReferenceBlas], out _)!);

        calibration.Choice.Should().Be(BlasCalibration.Verdict.Managed);
        calibration.NativeSeconds.Should().BeGreaterThan(3 * calibration.ManagedSeconds, "the reference BLAS is about ten times slower than the managed kernel");
        calibration.Comparison().Should().MatchRegex(@"^reference BLAS, \d+\.\d× slower here$");
        (calibration.NativeSeconds + calibration.ManagedSeconds).Should().BeLessThan(0.05, "timing takes a few milliseconds");
    }

    [Fact]
    public void DefaultSearch_OnlyTheReferenceBlasFound_ChoosesManagedAndSaysWhy()
    {
        if (!ManagedWins)
        {
            return;
        }

        Environment.SetEnvironmentVariable(ComputeBackend.EnvironmentVariable, null);
        ComputeBackend.Reset();
        ComputeBackend.SearchCandidates = ["/nowhere/libopenblas.so.0", ReferenceBlas];

        ComputeBackendInfo info = ComputeBackend.Current;

        info.Provider.Should().Be("managed");
        info.LibraryPath.Should().BeNull();
        info.Reason.Should().MatchRegex(@"^faster than /usr/lib/x86_64-linux-gnu/blas/libblas\.so\.3[.\d]* \(reference BLAS, \d+\.\d× slower here\)$");
        info.ToString().Should().StartWith("managed (").And.Contain(": faster than ");
    }

    [Fact]
    public void DefaultSearch_OnlyTheReferenceBlasFound_FollowsTheMeasurementOnAnyVectorWidth()
    {
        if (!File.Exists(ReferenceBlas))
        {
            return;
        }

        Environment.SetEnvironmentVariable(ComputeBackend.EnvironmentVariable, null);
        ComputeBackend.Reset();
        ComputeBackend.SearchCandidates = [ReferenceBlas];
        BlasCalibration calibration = BlasCalibration.For(NativeBlas.TryLoad([ReferenceBlas], out _)!);

        ComputeBackendInfo info = ComputeBackend.Current;

        (calibration.NativeSeconds < calibration.ManagedSeconds).Should().Be(calibration.Choice != BlasCalibration.Verdict.Managed);
        info.Provider.Should().Be(calibration.Choice switch
        {
            BlasCalibration.Verdict.Managed => "managed",
            BlasCalibration.Verdict.Native => "reference BLAS",
            _ => "reference BLAS and managed",
        });
        info.Reason.Should().Contain("reference BLAS, ").And.Contain("× ");
    }

    [Fact]
    public void DefaultSearch_ReferenceBlasBeforeOpenBlas_PrefersTheTunedOne()
    {
        if (!File.Exists(ReferenceBlas) || NativeBlas.TryLoad(["libopenblas.so.0"], out _) is null)
        {
            return;
        }

        Environment.SetEnvironmentVariable(ComputeBackend.EnvironmentVariable, null);
        ComputeBackend.Reset();
        ComputeBackend.SearchCandidates = [ReferenceBlas, "libopenblas.so.0"];

        ComputeBackend.Current.Provider.Should().Be("OpenBLAS");
        ComputeBackend.Current.Reason.Should().BeNull();
    }

    [Fact]
    public void DefaultSearch_NoBlasAtAll_ChoosesManagedSayingNoneWasFound()
    {
        Environment.SetEnvironmentVariable(ComputeBackend.EnvironmentVariable, null);
        ComputeBackend.Reset();
        ComputeBackend.SearchCandidates = ["/nowhere/libopenblas.so.0", "/nowhere/libblas.so.3"];

        ComputeBackend.Current.Provider.Should().Be("managed");
        ComputeBackend.Current.Reason.Should().Be("no native BLAS found");
    }

    [Fact]
    public void EnvironmentVariable_ReferenceBlasPath_UsesItWithTheMeasurement()
    {
        if (!ManagedWins)
        {
            return;
        }

        Environment.SetEnvironmentVariable(ComputeBackend.EnvironmentVariable, ReferenceBlas);
        ComputeBackend.Reset();

        ComputeBackendInfo info = ComputeBackend.Current;

        info.Provider.Should().Be("reference BLAS");
        info.LibraryPath.Should().Contain("/blas/libblas.so.3");
        info.Reason.Should().MatchRegex(@"^named by NEURALNET_BLAS, though the managed kernel is faster \(reference BLAS, \d+\.\d× slower here\)$");
    }

    [Fact]
    public void UseNative_ReferenceBlasPath_UsesItWithTheMeasurement()
    {
        if (!ManagedWins)
        {
            return;
        }

        ComputeBackend.UseNative(ReferenceBlas);

        ComputeBackend.Current.Provider.Should().Be("reference BLAS");
        ComputeBackend.Current.Reason.Should().StartWith("named by UseNative, though the managed kernel is faster (reference BLAS, ");
    }

    [Fact]
    public void EnvironmentVariable_Managed_SaysSo()
    {
        Environment.SetEnvironmentVariable(ComputeBackend.EnvironmentVariable, "managed");
        ComputeBackend.Reset();

        ComputeBackend.Current.Reason.Should().Be("NEURALNET_BLAS=managed");
    }

    [Fact]
    public void RoutedMultiplier_SplitRoutes_SendsEachClassToItsEngineBitForBit()
    {
        if (!File.Exists(ReferenceBlas))
        {
            return;
        }

        NativeMatrixMultiplier reference = ComputeBackend.TryLoadNative(ReferenceBlas)!;
        var managed = new ManagedKernelMultiplier(1);

        // Large products to the BLAS, small ones to the managed kernel (bits 1, 3, 5 are the large classes).
        var routed = new RoutedMatrixMultiplier(new BlasCalibration(reference.Blas, 0b101010), threads: 1);
        var random = new Random(4);
        Matrix<float> Fill(int rows, int columns) => Matrix<float>.Build.Dense(rows, columns, (_, _) => (float)random.NextDouble() - 0.5f);
        foreach ((int m, int n, int k, bool large) in new[] { (64, 48, 200, true), (10, 12, 30, false) })
        {
            Matrix<float> a = Fill(m, k), b = Fill(k, n);
            Matrix<float> viaRoute = Matrix<float>.Build.Dense(m, n), viaBlas = Matrix<float>.Build.Dense(m, n), viaManaged = Matrix<float>.Build.Dense(m, n);
            // With alpha ≠ 1 the engines round differently on every ISA (the reference BLAS scales B's values first, the
            // managed kernel the sums), so the test can tell which one ran.
            routed.Multiply(a, b, viaRoute, 0.3f);
            reference.Multiply(a, b, viaBlas, 0.3f);
            managed.Multiply(a, b, viaManaged, 0.3f);

            viaBlas.Should().NotBe(viaManaged, "the engines round differently, so the test can tell which one ran");
            viaRoute.Should().Be(large ? viaBlas : viaManaged, $"{m}x{n}x{k} is a {(large ? "large" : "small")} a·b");
        }
    }
}
