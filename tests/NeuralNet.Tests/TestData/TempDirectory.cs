using System.Security.Cryptography;

namespace NeuralNet.Tests.TestData;

/// <summary>A fresh directory under the system's temporary folder, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("neuralnet-tests-").FullName;
    }

    public string Path { get; }

    /// <summary>The full path of <paramref name="name"/> inside the directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The names of the directory's entries, sorted, so a test can show that nothing else appeared.</summary>
    public string[] Entries() =>
        [.. Directory.EnumerateFileSystemEntries(Path).Select(entry => System.IO.Path.GetFileName(entry)).Order(StringComparer.Ordinal)];

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="name"/> and returns its path.</summary>
    public string Write(string name, ReadOnlySpan<byte> bytes)
    {
        string path = File(name);
        System.IO.File.WriteAllBytes(path, bytes.ToArray());
        return path;
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8, no byte order mark) to <paramref name="name"/> and returns its path.</summary>
    public string WriteText(string name, string text)
    {
        string path = File(name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The file's content hash, length and write time: equal fingerprints before and after a read show the read left the file alone.</summary>
    public static string Fingerprint(string path)
    {
        var info = new FileInfo(path);
        return $"{Convert.ToHexString(SHA256.HashData(System.IO.File.ReadAllBytes(path)))}/{info.Length}/{info.LastWriteTimeUtc.Ticks}";
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
