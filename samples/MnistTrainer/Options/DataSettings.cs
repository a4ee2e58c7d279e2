using NeuralNet.Data;
using NeuralNet.Preprocessing;

namespace MnistTrainer.Options;

/// <summary>Where the samples come from (a folder of MNIST-style IDX files, or files named one by one) and how a table is read.</summary>
/// <param name="Directory">The folder holding the four IDX files (raw or .gz); null when <paramref name="TrainFile"/> is given.</param>
/// <param name="TrainFile">A training file (CSV, or IDX images with their labels beside them), or null.</param>
/// <param name="TestFile">A test file (CSV or IDX), or null for the folder's test files or a part held out of the training file.</param>
/// <param name="LabelColumn">A table's label column by header name (<c>--label</c>), or null to detect it.</param>
/// <param name="ClassNames">The classes' names in index order (<c>--class-names</c>), or null.</param>
/// <param name="Task">Classification or regression (<c>--task</c>), or null to detect it from the label values.</param>
/// <param name="Download">Whether MNIST may be fetched into a folder other than the default (<c>--download</c>).</param>
internal sealed record DataSettings(string? Directory, string? TrainFile, string? TestFile, string? LabelColumn = null, IReadOnlyList<string>? ClassNames = null, DatasetTask? Task = null, bool Download = false)
{
    /// <summary>Where MNIST is fetched when nothing else is said: <c>data/mnist</c> under the current folder.</summary>
    public static string DefaultDirectory => Path.Combine("data", "mnist");

    /// <summary>Whether MNIST may be fetched into <paramref name="directory"/>: the default folder, or with <c>--download</c>.</summary>
    public bool MayDownloadInto(string directory) =>
        Download || string.Equals(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(DefaultDirectory), StringComparison.Ordinal);

    /// <summary>The CSV options these settings give, for a file loaded with <paramref name="scaling"/> and, for a test set, its training set's class count and names.</summary>
    public CsvOptions Csv(NeuralNet.Preprocessing.InputScaling? scaling, int? classCount, IReadOnlyList<string>? trainingClassNames) => new()
    {
        Scaling = scaling,
        ClassCount = trainingClassNames is null ? classCount : null,
        LabelColumn = LabelColumn,
        ClassNames = trainingClassNames ?? ClassNames,
        Task = Task,
    };
}
