using MnistTrainer.Runs;
using NeuralNet;
using NeuralNet.Data;
using NeuralNet.Preprocessing;

namespace MnistTrainer.Options;

/// <summary>Where the samples come from (a folder of MNIST-style IDX files, or files named one by one) and how a table is read.</summary>
/// <param name="Directory">The folder holding the four IDX files (raw or .gz); null when <paramref name="TrainFile"/> is given.</param>
/// <param name="TrainFile">A training file (CSV, or IDX images with their labels beside them), or null.</param>
/// <param name="TestFile">A test file (CSV or IDX), or null for the folder's test files or a part held out of the training file.</param>
/// <param name="LabelColumn">A table's label column by header name (<c>--label</c>), or null to detect it.</param>
/// <param name="ClassNames">The classes' names in index order (<c>--class-names</c>, or a model's), or null.</param>
/// <param name="Task">Classification or regression (<c>--task</c>, or a model's), or null to detect it from the label values.</param>
/// <param name="Download">Whether MNIST may be fetched into a folder other than the default (<c>--download</c>).</param>
/// <param name="FeatureColumns">A table's feature columns by header name (a training set's or a model's), or null for every column but the label.</param>
internal sealed record DataSettings(
    string? Directory,
    string? TrainFile,
    string? TestFile,
    string? LabelColumn = null,
    IReadOnlyList<string>? ClassNames = null,
    DatasetTask? Task = null,
    bool Download = false,
    IReadOnlyList<string>? FeatureColumns = null)
{
    /// <summary>Where MNIST is fetched when nothing else is said: <c>data/mnist</c> under the current folder.</summary>
    public static string DefaultDirectory => Path.Combine("data", "mnist");

    /// <summary>Whether MNIST may be fetched into <paramref name="directory"/>: the default folder, or with <c>--download</c>.</summary>
    public bool MayDownloadInto(string directory) =>
        Download || string.Equals(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(DefaultDirectory), StringComparison.Ordinal);

    /// <summary>The CSV options these settings give, for a file loaded with <paramref name="scaling"/> and, for a test set, its training set's class count and names.</summary>
    /// <param name="scaling">The scaling of the values; null for the reader's default (pixels to [0, 1], a table's values as written).</param>
    /// <param name="classCount">The class count when known.</param>
    /// <param name="trainingClassNames">The training set's (or the model's) class names, so that each index means the same class.</param>
    /// <param name="path">The file, whose first line says whether the feature columns can be named.</param>
    public CsvOptions Csv(InputScaling? scaling, int? classCount, IReadOnlyList<string>? trainingClassNames, string? path = null) => new()
    {
        Scaling = scaling,
        ClassCount = trainingClassNames is null ? classCount : null,
        LabelColumn = LabelColumn,
        ClassNames = trainingClassNames ?? ClassNames,
        Task = Task,

        // Columns are named only in a file with a header; a file without one is read by position.
        FeatureColumns = FeatureColumns is not null && path is not null && Datasets.TableColumns.HasHeader(path) ? FeatureColumns : null,
    };

    /// <summary>These settings for reading labelled samples against <paramref name="network"/>: its task, its class names and, for a model of a table, its feature columns.</summary>
    /// <param name="network">The model.</param>
    /// <param name="modelPath">The model file, for messages.</param>
    /// <exception cref="UsageException"><c>--task</c> or <c>--class-names</c> contradict the model.</exception>
    public DataSettings For(Network network, string modelPath)
    {
        bool regression = OutputHead.IsRegression(network);
        DatasetTask task = regression ? DatasetTask.Regression : DatasetTask.Classification;
        if (Task is DatasetTask asked && asked != task)
        {
            throw new UsageException($"--task {asked.ToString().ToLowerInvariant()}, but the model {modelPath} ({network}) {(regression ? "predicts values: it is a regression" : "predicts classes")}; leave --task out (the model says what it predicts).");
        }

        IReadOnlyList<string>? names = ClassNames;
        if (regression && names is not null)
        {
            throw new UsageException($"--class-names names classes, but the model {modelPath} ({network}) predicts values: it is a regression.");
        }

        if (network.ClassNames is { } own)
        {
            if (names is not null && !names.SequenceEqual(own, StringComparer.Ordinal))
            {
                throw new UsageException(
                    $"--class-names {string.Join(',', names)}, but the model {modelPath} names its classes {string.Join(',', own.Take(20))}{(own.Count > 20 ? ",..." : "")}; leave --class-names out (the model file carries its names).");
            }

            names = own;
        }
        else if (names is not null && !regression && names.Count != network.OutputSize)
        {
            throw new UsageException($"--class-names gives {names.Count} names but the model {modelPath} ({network}) has {network.OutputSize} classes; give one name per class, label 0 first.");
        }

        return this with { Task = task, ClassNames = names, FeatureColumns = Datasets.TableColumns.Of(network) };
    }
}
