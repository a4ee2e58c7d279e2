using NeuralNet;
using NeuralNet.Serialization;

namespace MnistTrainer.Runs;

/// <summary>Finds and loads the model a command works with.</summary>
internal static class ModelFile
{
    /// <summary>Loads <paramref name="path"/>, or the newest <c>runs/*/model.nnet</c> under the current folder when it is null.</summary>
    /// <exception cref="UsageException">The file does not exist or is not a regular file, or there is no run to take a model from.</exception>
    /// <exception cref="InvalidModelFileException">The file is not a valid model file.</exception>
    public static (Network Network, string Path) Load(string? path, TextWriter notes)
    {
        if (path is null)
        {
            path = Newest() ?? throw new UsageException("no --model given and no runs/*/model.nnet under the current folder; train one first or name it with --model FILE.");
            notes.WriteLine($"Model: {path} (the newest run's)");
        }

        InputFile.Require(path, "--model", "a model file (.nnet) written by 'train'");
        return (Network.Load(path), Path.GetFullPath(path));
    }

    private static string? Newest()
    {
        if (!Directory.Exists("runs"))
        {
            return null;
        }

        return Directory.EnumerateFiles("runs", "model.nnet", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault();
    }
}
