using System.Diagnostics;
using System.Runtime.Versioning;
using NeuralNet.IO;
using NeuralNet.Serialization;
using NeuralNet.Tests.Support;
using NeuralNet.Tests.TestData;

namespace NeuralNet.Tests.Serialization;

public sealed class ModelFileSaveTests
{
    [Fact]
    public void Save_OverAnExistingFile_ReplacesItWholeAndLeavesNoTemporaryFile()
    {
        using var folder = new TempDirectory();
        string path = folder.File("model.nnm");
        Network first = TestModels.ForConcurrency(1);
        Network second = Network.Create([3, 2], seed: 2);

        first.Save(path);
        second.Save(path);

        File.ReadAllBytes(path).Should().Equal(TestModels.Bytes(second));
        folder.Entries().Should().Equal("model.nnm");
    }

    [Fact]
    public void Save_FailureWhileWriting_KeepsThePreviousFileAndDeletesTheTemporaryFile()
    {
        using var folder = new TempDirectory();
        string path = folder.File("model.nnm");
        TestModels.Small().Save(path);
        byte[] before = File.ReadAllBytes(path);

        Action save = () => AtomicFile.Write(path, "the model", stream =>
        {
            stream.Write(new byte[100_000]);
            throw new InvalidOperationException("disk on fire");
        });

        save.Should().Throw<InvalidOperationException>().WithMessage("disk on fire");
        File.ReadAllBytes(path).Should().Equal(before);
        folder.Entries().Should().Equal("model.nnm");
    }

    [Fact]
    public void Save_MissingFolder_ThrowsNamingItAndCreatesNothing()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("keep.txt"), "unchanged");
        string missing = folder.File("missing");

        Action save = () => TestModels.Small().Save(Path.Combine(missing, "model.nnm"));

        save.Should().Throw<DirectoryNotFoundException>().WithMessage($"*'{missing}' does not exist*");
        Directory.Exists(missing).Should().BeFalse();
        folder.Entries().Should().Equal("keep.txt");
        File.ReadAllText(folder.File("keep.txt")).Should().Be("unchanged");
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Save_ReadOnlyFolder_ThrowsAndChangesNothing()
    {
        using var folder = new TempDirectory();
        string path = folder.File("model.nnm");
        TestModels.Small(seed: 1).Save(path);
        byte[] before = File.ReadAllBytes(path);
        bool immutable = MakeReadOnly(folder.Path);
        try
        {
            Action save = () => TestModels.Small(seed: 2).Save(path);

            save.Should().Throw<UnauthorizedAccessException>().WithMessage($"Cannot save the model*'{path}'*access is denied*'{folder.Path}' must be writable*");
            folder.Entries().Should().Equal("model.nnm");
            File.ReadAllBytes(path).Should().Equal(before);
        }
        finally
        {
            MakeWritable(folder.Path, immutable);
        }
    }

    [Fact]
    public void Save_PathIsAFolder_ThrowsAndKeepsTheFolder()
    {
        using var folder = new TempDirectory();
        Directory.CreateDirectory(folder.File("models"));
        File.WriteAllText(folder.File("models/inside.txt"), "x");

        Action save = () => TestModels.Small().Save(folder.File("models"));

        save.Should().Throw<IOException>().WithMessage($"*'{folder.File("models")}'*");
        folder.Entries().Should().Equal("models");
        File.ReadAllText(folder.File("models/inside.txt")).Should().Be("x");
    }

    [Fact]
    public void Save_TwoThreadsToOnePath_ReadersAndTheEndSeeOneWholeModel()
    {
        using var folder = new TempDirectory();
        string path = folder.File("model.nnm");
        Network[] networks = [TestModels.ForConcurrency(1), TestModels.ForConcurrency(2)];
        int[][] candidates = [.. networks.Select(TestModels.ParameterBits)];
        using var start = new Barrier(3);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        Thread[] savers = [.. networks.Select(network => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                for (int i = 0; i < 40; i++)
                {
                    network.Save(path);
                }
            }
            catch (Exception ex)
            {
                failures.Enqueue(ex);
            }
        }))];
        foreach (Thread saver in savers)
        {
            saver.Start();
        }

        start.SignalAndWait();
        int loads = LoadWhile(path, candidates, () => savers.Any(s => s.IsAlive));
        foreach (Thread saver in savers)
        {
            saver.Join();
        }

        failures.Should().BeEmpty();
        loads.Should().BeGreaterThan(0);
        IsOneOf(Network.Load(path), candidates).Should().BeTrue();
        folder.Entries().Should().Equal("model.nnm");
    }

    [Fact]
    public void Save_TwoProcessesToOnePath_ReadersAndTheEndSeeOneWholeModel()
    {
        using var folder = new TempDirectory();
        string path = folder.File("model.nnm");
        int[][] candidates = [TestModels.ParameterBits(TestModels.ForConcurrency(1)), TestModels.ParameterBits(TestModels.ForConcurrency(2))];
        Saver[] savers = [Saver.Start(path, seed: 1, times: 40), Saver.Start(path, seed: 2, times: 40)];
        try
        {
            foreach (Saver saver in savers)
            {
                saver.WaitUntilReady();
            }

            foreach (Saver saver in savers)
            {
                saver.Go();
            }

            int loads = LoadWhile(path, candidates, () => savers.Any(s => !s.Process.HasExited));
            foreach (Saver saver in savers)
            {
                saver.WaitForSuccess();
            }

            loads.Should().BeGreaterThan(0);
            IsOneOf(Network.Load(path), candidates).Should().BeTrue();
            folder.Entries().Should().Equal("model.nnm");
        }
        finally
        {
            foreach (Saver saver in savers)
            {
                saver.Dispose();
            }
        }
    }

    private static int LoadWhile(string path, int[][] candidates, Func<bool> writing)
    {
        int loads = 0;
        while (writing())
        {
            if (File.Exists(path))
            {
                IsOneOf(Network.Load(path), candidates).Should().BeTrue("every load sees one saver's whole model");
                loads++;
            }
        }

        return loads;
    }

    private static bool IsOneOf(Network network, int[][] candidates)
    {
        int[] bits = TestModels.ParameterBits(network);
        return candidates.Any(c => c.AsSpan().SequenceEqual(bits));
    }

    /// <summary>A second process that runs the test assembly's <c>save-model</c> command (see <see cref="Program"/>).</summary>
    private sealed class Saver : IDisposable
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
        private readonly Task<string> _errors;

        private Saver(Process process)
        {
            Process = process;
            _errors = process.StandardError.ReadToEndAsync();
        }

        public Process Process { get; }

        public static Saver Start(string path, int seed, int times)
        {
            var info = TestAssemblyProcess.StartInfo("save-model", path, seed.ToString(System.Globalization.CultureInfo.InvariantCulture), times.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return new Saver(Process.Start(info)!);
        }

        public void WaitUntilReady()
        {
            Task<string?> line = Process.StandardOutput.ReadLineAsync();
            line.Wait(Patience).Should().BeTrue("the saver process prints 'ready' once it has built its model");
            line.Result.Should().Be("ready", "the saver process must start ({0})", Errors());
        }

        public void Go()
        {
            Process.StandardInput.WriteLine("go");
            Process.StandardInput.Flush();
        }

        public void WaitForSuccess()
        {
            Process.WaitForExit(Patience).Should().BeTrue("the saver process ends after its saves");
            Process.ExitCode.Should().Be(0, "the saver process must succeed ({0})", Errors());
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill();
                Process.WaitForExit();
            }

            Process.Dispose();
        }

        private string Errors() => Process.HasExited && _errors.Wait(Patience) ? _errors.Result : "still running";
    }

    /// <summary>Makes a folder read-only; returns whether that took the immutable attribute (for root, whom permission bits do not stop).</summary>
    [UnsupportedOSPlatform("windows")]
    private static bool MakeReadOnly(string folder)
    {
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        bool immutable = false;
        if (CanCreateFileIn(folder))
        {
            Run("chattr", "+i", folder);
            immutable = true;
        }

        CanCreateFileIn(folder).Should().BeFalse("the test needs a folder that this process cannot write to");
        return immutable;
    }

    [UnsupportedOSPlatform("windows")]
    private static void MakeWritable(string folder, bool immutable)
    {
        if (immutable)
        {
            Run("chattr", "-i", folder);
        }

        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static bool CanCreateFileIn(string folder)
    {
        string probe = Path.Combine(folder, "probe");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void Run(string program, params string[] arguments)
    {
        using Process process = Process.Start(program, arguments);
        process.WaitForExit();
        process.ExitCode.Should().Be(0, $"{program} {string.Join(' ', arguments)} must succeed");
    }
}
