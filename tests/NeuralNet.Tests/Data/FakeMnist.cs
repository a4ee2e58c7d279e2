using System.Security.Cryptography;
using NeuralNet.Data;

namespace NeuralNet.Tests.Data;

/// <summary>A tiny stand-in for MNIST: the four files under MNIST's names (3 training and 2 test images of 2×2 pixels), with their hashes.</summary>
internal static class FakeMnist
{
    public static readonly byte[] TrainImages = IdxBytes.Bytes([3, 2, 2], [0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    public static readonly byte[] TrainLabels = IdxBytes.Bytes([3], [7, 0, 9]);
    public static readonly byte[] TestImages = IdxBytes.Bytes([2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
    public static readonly byte[] TestLabels = IdxBytes.Bytes([2], [3, 4]);

    /// <summary>Raw content by MNIST file name.</summary>
    public static IReadOnlyDictionary<string, byte[]> Files { get; } = new Dictionary<string, byte[]>
    {
        [Mnist.TrainImagesFileName] = TrainImages,
        [Mnist.TrainLabelsFileName] = TrainLabels,
        [Mnist.TestImagesFileName] = TestImages,
        [Mnist.TestLabelsFileName] = TestLabels,
    };

    /// <summary>SHA-256 of each raw file, as a downloader expects them.</summary>
    public static IReadOnlyDictionary<string, string> Sha256 { get; } =
        Files.ToDictionary(f => f.Key, f => Convert.ToHexStringLower(SHA256.HashData(f.Value)));

    /// <summary>Writes the four files into <paramref name="directory"/>, gzipped when asked.</summary>
    public static void WriteTo(string directory, bool gzip = false)
    {
        foreach ((string name, byte[] content) in Files)
        {
            File.WriteAllBytes(Path.Combine(directory, gzip ? name + ".gz" : name), gzip ? IdxBytes.Gzip(content) : content);
        }
    }
}
