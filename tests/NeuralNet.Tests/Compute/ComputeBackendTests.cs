using NeuralNet.Compute;

namespace NeuralNet.Tests.Compute;

[CollectionDefinition(nameof(GlobalBackend), DisableParallelization = true)]
public sealed class GlobalBackend;

// These tests switch the process-wide backend, so they run alone (both backends agree, but a test reading
// Current while another switches would be flaky).
[Collection(nameof(GlobalBackend))]
public sealed class ComputeBackendTests : IDisposable
{
    private readonly string? _savedVariable = Environment.GetEnvironmentVariable(ComputeBackend.EnvironmentVariable);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(ComputeBackend.EnvironmentVariable, _savedVariable);
        ComputeBackend.Reset();
    }

    [Fact]
    public void EnvironmentVariable_Managed_SelectsManagedCode()
    {
        Environment.SetEnvironmentVariable(ComputeBackend.EnvironmentVariable, "managed");
        ComputeBackend.Reset();
        ComputeBackendInfo info = ComputeBackend.Current;
        info.Provider.Should().Be("managed");
        info.LibraryPath.Should().BeNull();
        info.ToString().Should().StartWith("managed (");
    }

    [Fact]
    public void EnvironmentVariable_LibraryName_LoadsThatLibrary()
    {
        if (ComputeBackend.TryLoadNative("libopenblas.so.0") is null)
        {
            return; // no OpenBLAS on this machine: nothing to name
        }

        Environment.SetEnvironmentVariable(ComputeBackend.EnvironmentVariable, "libopenblas.so.0");
        ComputeBackend.Reset();
        ComputeBackendInfo info = ComputeBackend.Current;
        info.Provider.Should().Be("OpenBLAS");
        info.LibraryPath.Should().Contain("libopenblas");
        info.Details.Should().Contain("OpenBLAS");
    }

    [Fact]
    public void EnvironmentVariable_UnloadableLibrary_ThrowsNamingVariableAndLibrary()
    {
        Environment.SetEnvironmentVariable(ComputeBackend.EnvironmentVariable, "/nowhere/libnoblas.so");
        ComputeBackend.Reset();
        Func<ComputeBackendInfo> act = () => ComputeBackend.Current;
        act.Should().Throw<InvalidOperationException>().WithMessage("*NEURALNET_BLAS*/nowhere/libnoblas.so*not found*managed*");
    }

    [Fact]
    public void EnvironmentVariable_LibraryWithoutSgemm_ThrowsSayingSo()
    {
        // libc loads everywhere on Linux but is no BLAS.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Environment.SetEnvironmentVariable(ComputeBackend.EnvironmentVariable, "libc.so.6");
        ComputeBackend.Reset();
        Func<ComputeBackendInfo> act = () => ComputeBackend.Current;
        act.Should().Throw<InvalidOperationException>().WithMessage("*libc.so.6: loaded but exports no cblas_sgemm*");
    }

    [Fact]
    public void UseManaged_AfterNative_SwitchesProvider()
    {
        if (ComputeBackend.TryLoadNative() is not null)
        {
            ComputeBackend.UseNative();
            ComputeBackend.Current.Provider.Should().NotBe("managed");
            ComputeBackend.Current.LibraryPath.Should().NotBeNullOrEmpty();
        }

        ComputeBackend.UseManaged();
        ComputeBackend.Current.Provider.Should().Be("managed");
    }

    [Fact]
    public void UseNative_MissingLibrary_ThrowsListingWhatWasTried()
    {
        Action act = () => ComputeBackend.UseNative("/nowhere/libmissing.so");
        act.Should().Throw<DllNotFoundException>().WithMessage("*/nowhere/libmissing.so: not found*UseManaged*");
    }

    [Fact]
    public void ThreadsPerProduct_Set_ShowsInCurrent()
    {
        ComputeBackend.UseManaged();
        ComputeBackend.ThreadsPerProduct = 1;
        ComputeBackend.Current.Threads.Should().Be(1);
        ComputeBackend.ThreadsPerProduct = 2;
        ComputeBackend.Current.Threads.Should().Be(2);
    }

    [Fact]
    public void ThreadsPerProduct_Zero_Throws()
    {
        Action act = () => ComputeBackend.ThreadsPerProduct = 0;
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*value*");
    }

    [Fact]
    public void Network_TrainingStep_GivesSameGradientsOnBothBackends()
    {
        if (ComputeBackend.TryLoadNative() is null)
        {
            return;
        }

        float[] native = GradientsAfterOneStep(() => ComputeBackend.UseNative());
        float[] managed = GradientsAfterOneStep(ComputeBackend.UseManaged);
        float scale = managed.Max(Math.Abs);
        for (int i = 0; i < native.Length; i++)
        {
            Math.Abs(native[i] - managed[i]).Should().BeLessThanOrEqualTo((1e-4f * Math.Max(Math.Abs(managed[i]), 0.1f * scale)) + 1e-7f, $"gradient element {i}");
        }
    }

    internal static MatrixMultiplier Managed() => new ManagedKernelMultiplier(2);

    private static float[] GradientsAfterOneStep(Action select)
    {
        select();
        Network network = Network.Create([30, 17, 5], seed: 3);
        var random = new Random(3);
        Matrix<float> x = Matrix<float>.Build.Dense(30, 70, (_, _) => (float)random.NextDouble());
        Matrix<float> y = Matrix<float>.Build.Dense(5, 70, (i, j) => i == j % 5 ? 1f : 0f);
        network.Forward(x);
        network.Backward(new NeuralNet.Losses.CrossEntropyLoss(), y);
        return network.Parameters.SelectMany(p => p.GradientSpan.ToArray()).ToArray();
    }
}
