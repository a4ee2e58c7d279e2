using NeuralNet.Preprocessing;

namespace NeuralNet.Data;

/// <summary>The MNIST handwritten digits (LeCun, Cortes and Burges): file names, checksums, and loading from a directory.</summary>
/// <remarks>
/// A directory holds MNIST when it has the four IDX files under their usual names, each raw or gzipped
/// (<c>train-images-idx3-ubyte</c> or <c>train-images-idx3-ubyte.gz</c>; the spelling <c>train-images.idx3-ubyte</c> is
/// accepted too). <see cref="MnistDownloader"/> fetches them. Fashion-MNIST uses the same names and format.
/// </remarks>
public static class Mnist
{
    /// <summary>The training images file: 60000 × 28 × 28 unsigned bytes.</summary>
    public const string TrainImagesFileName = "train-images-idx3-ubyte";

    /// <summary>The training labels file: 60000 unsigned bytes, 0–9.</summary>
    public const string TrainLabelsFileName = "train-labels-idx1-ubyte";

    /// <summary>The test images file: 10000 × 28 × 28 unsigned bytes.</summary>
    public const string TestImagesFileName = "t10k-images-idx3-ubyte";

    /// <summary>The test labels file: 10000 unsigned bytes, 0–9.</summary>
    public const string TestLabelsFileName = "t10k-labels-idx1-ubyte";

    /// <summary>The number of classes (digits 0–9).</summary>
    public const int ClassCount = 10;

    /// <summary>Pixels per image (28 × 28).</summary>
    public const int FeatureCount = 784;

    /// <summary>The four file names, training images first.</summary>
    public static IReadOnlyList<string> FileNames { get; } = [TrainImagesFileName, TrainLabelsFileName, TestImagesFileName, TestLabelsFileName];

    /// <summary>The SHA-256 of each file's raw (decompressed) content, as lowercase hex, by file name.</summary>
    public static IReadOnlyDictionary<string, string> Sha256 { get; } = new Dictionary<string, string>
    {
        [TrainImagesFileName] = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        [TrainLabelsFileName] = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        [TestImagesFileName] = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        [TestLabelsFileName] = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    }.AsReadOnly();

    /// <summary>Finds the four files in <paramref name="directory"/>, raw or gzipped.</summary>
    /// <exception cref="FileNotFoundException">A file is missing; the message lists the names looked for and how to fetch them.</exception>
    public static MnistFiles Locate(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string[] missing = FileNames.Where(name => Find(directory, name) is null).ToArray();
        if (missing.Length > 0)
        {
            throw new FileNotFoundException(
                $"{directory} lacks MNIST's {string.Join(", ", missing)} (looked for each raw, as .gz, and spelled with '.idx'). "
                + $"Fetch them with {nameof(MnistDownloader)}, or put the four files there by hand.",
                Path.Combine(directory, missing[0]));
        }

        return TryLocate(directory)!;
    }

    /// <summary>Finds the four files in <paramref name="directory"/>, or returns null when any is missing.</summary>
    public static MnistFiles? TryLocate(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string?[] paths = FileNames.Select(name => Find(directory, name)).ToArray();
        return paths.Any(p => p is null) ? null : new MnistFiles(paths[0]!, paths[1]!, paths[2]!, paths[3]!);
    }

    /// <summary>Loads the training and test sets from the four files in <paramref name="directory"/>.</summary>
    /// <param name="directory">Where the files are (raw or gzipped).</param>
    /// <param name="scaling">Applied to the raw pixels; default <see cref="InputScaling.UnitRange"/> (to [0, 1]).</param>
    /// <param name="standardize">Whether to standardize the training set after scaling (one mean and deviation, <see cref="Dataset.Standardize"/>) and load the test set with the same map.</param>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDatasetFileException">A file is malformed, the counts differ, or a label is outside 0–9.</exception>
    public static (Dataset Train, Dataset Test) Load(string directory, InputScaling? scaling = null, bool standardize = false)
    {
        MnistFiles files = Locate(directory);
        Dataset train = DatasetLoader.LoadIdx(files.TrainImages, files.TrainLabels, scaling, ClassCount);
        if (standardize)
        {
            train = train.Standardize();
        }

        Dataset test = DatasetLoader.LoadIdx(files.TestImages, files.TestLabels, train.Scaling, ClassCount);
        return (train, test);
    }

    /// <summary>The folder MNIST is fetched into without asking: <c>data/mnist</c> under the current folder (the CLI's default too).</summary>
    public static string DefaultDirectory => Path.Combine("data", "mnist");

    /// <summary>Loads the four files of <paramref name="directory"/>, fetching missing ones with <paramref name="downloader"/> when that is allowed.</summary>
    /// <remarks>
    /// A mistyped folder is not created and filled with MNIST without a word: files are fetched only into
    /// <see cref="DefaultDirectory"/> or when <paramref name="download"/> is true; elsewhere a missing file is a
    /// <see cref="FileNotFoundException"/> that says so. An MNIST folder has 10 classes: a label outside 0–9 is refused.
    /// </remarks>
    /// <param name="directory">Where the files are (or go).</param>
    /// <param name="downloader">How to fetch missing files; default a <see cref="MnistDownloader"/> with the public mirrors.</param>
    /// <param name="progress">Receives download progress.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <param name="download">Whether missing files may be fetched into a folder other than <see cref="DefaultDirectory"/>; default false.</param>
    /// <exception cref="FileNotFoundException">A file is missing and fetching it was not allowed.</exception>
    /// <exception cref="DatasetDownloadException">A file is missing and every source failed.</exception>
    /// <exception cref="InvalidDatasetFileException">A file is malformed.</exception>
    public static async Task<(Dataset Train, Dataset Test)> LoadAsync(
        string directory,
        MnistDownloader? downloader = null,
        IProgress<MnistDownloadProgress>? progress = null,
        CancellationToken cancellationToken = default,
        bool download = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        bool isDefault = string.Equals(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(DefaultDirectory), StringComparison.Ordinal);
        if (!download && !isDefault && (!Directory.Exists(directory) || TryLocate(directory) is null))
        {
            throw new FileNotFoundException(
                Directory.Exists(directory)
                    ? $"{directory} lacks MNIST's files ({string.Join(", ", FileNames)}, raw or .gz); put them there, or pass download: true to fetch them."
                    : $"{directory}: no such folder; check the path, or pass download: true to create it and fetch MNIST into it (only {DefaultDirectory} is filled without asking).",
                directory);
        }

        await (downloader ?? new MnistDownloader()).EnsureAsync(directory, progress, cancellationToken).ConfigureAwait(false);
        return Load(directory);
    }

    /// <summary>The path of <paramref name="name"/> in <paramref name="directory"/>: raw, gzipped, or spelled with '.idx'; null when absent.</summary>
    internal static string? Find(string directory, string name)
    {
        string dotted = name.Replace("-idx", ".idx", StringComparison.Ordinal);
        foreach (string candidate in new[] { name, name + ".gz", dotted, dotted + ".gz" })
        {
            string path = Path.Combine(directory, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
