namespace MnistTrainer.Options;

/// <summary>Where the samples come from: a folder of MNIST-style IDX files, or files named one by one.</summary>
/// <param name="Directory">The folder holding the four IDX files (raw or .gz), fetched there when missing; null when <paramref name="TrainFile"/> is given.</param>
/// <param name="TrainFile">A training file (CSV, or IDX images with their labels beside them), or null.</param>
/// <param name="TestFile">A test file (CSV or IDX), or null for the folder's test files or a part held out of the training file.</param>
internal sealed record DataSettings(string? Directory, string? TrainFile, string? TestFile)
{
    /// <summary>Where MNIST is fetched when nothing else is said: <c>data/mnist</c> under the current folder.</summary>
    public static string DefaultDirectory => Path.Combine("data", "mnist");
}
