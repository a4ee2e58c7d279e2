using NeuralNet.Data;
using NeuralNet.Preprocessing;

namespace NeuralNet.Imaging.Tests.Support;

/// <summary>Real MNIST test digits from the shared cache (<c>$NEURALNET_MNIST_CACHE</c>, else <c>~/.cache/neuralnet/mnist</c>), fetched once when missing.</summary>
public static class MnistDigits
{
    private static readonly Lazy<Task<(byte[] Pixels, int[] Labels)>> _test = new(LoadAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The cache folder.</summary>
    public static string CacheDirectory =>
        Environment.GetEnvironmentVariable("NEURALNET_MNIST_CACHE") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "neuralnet", "mnist");

    /// <summary>The 10,000 test images (784 bytes each, row by row) and their labels.</summary>
    public static Task<(byte[] Pixels, int[] Labels)> TestSetAsync() => _test.Value;

    private static async Task<(byte[] Pixels, int[] Labels)> LoadAsync()
    {
        string directory = CacheDirectory;
        await new MnistDownloader().EnsureAsync(directory).ConfigureAwait(false);
        MnistFiles files = Mnist.Locate(directory);
        var images = IdxReader.ReadSamples(files.TestImages, InputScaling.None);
        int[] labels = IdxReader.ReadLabels(files.TestLabels);
        byte[] pixels = images.AsColumnMajorArray().Select(v => (byte)v).ToArray();
        return (pixels, labels);
    }
}
