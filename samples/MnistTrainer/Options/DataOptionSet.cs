using System.CommandLine;
using NeuralNet.Data;

namespace MnistTrainer.Options;

/// <summary>The options that say where the samples are: <c>--data DIR</c>, or <c>--train FILE</c> and <c>--test FILE</c>.</summary>
internal sealed class DataOptionSet
{
    private readonly bool _withTrainingFile;

    /// <summary>Creates the options; commands that only evaluate leave <c>--train</c> out.</summary>
    public DataOptionSet(bool withTrainingFile)
    {
        _withTrainingFile = withTrainingFile;
    }

    /// <summary><c>--data DIR</c>.</summary>
    public Option<string?> Directory { get; } = new("--data")
    {
        Description = "A folder with the four MNIST-style IDX files (raw or .gz; Fashion-MNIST works too); MNIST is fetched there when they are missing [default: data/mnist].",
        HelpName = "DIR",
    };

    /// <summary><c>--train FILE</c>.</summary>
    public Option<string?> TrainFile { get; } = new("--train")
    {
        Description = "A training file instead of --data: label-first CSV (header detected), or IDX images with the labels file beside them (or IMAGES,LABELS).",
        HelpName = "FILE",
    };

    /// <summary><c>--test FILE</c>.</summary>
    public Option<string?> TestFile { get; } = new("--test")
    {
        Description = "A labelled test file (CSV or IDX) to evaluate on, instead of the folder's test files.",
        HelpName = "FILE",
    };

    /// <summary><c>--label NAME</c>.</summary>
    public Option<string?> Label { get; } = new("--label")
    {
        Description = "The label column of a CSV table, by its header name (anywhere in the row); string labels become classes in ordinal order, whole numbers are class indices. Every other column is a numeric feature.",
        HelpName = "NAME",
    };

    /// <summary><c>--class-names A,B,...</c>.</summary>
    public Option<string?> ClassNames { get; } = new("--class-names")
    {
        Description = "The names of the classes in index order (label 0 first), such as Fashion-MNIST's \"T-shirt/top,Trouser,...\".",
        HelpName = "A,B,...",
    };

    /// <summary><c>--task classification|regression</c>.</summary>
    public Option<string?> Task { get; } = new("--task")
    {
        Description = "What the label column holds: classification (classes) or regression (a numeric target) [default: detected from the labels: numbers with fractions are a target].",
        HelpName = "TASK",
    };

    /// <summary><c>--download</c>.</summary>
    public Option<bool> Download { get; } = new("--download")
    {
        Description = $"Fetch MNIST into the --data folder when its files are missing (only the default folder, {DataSettings.DefaultDirectory}, is filled without it).",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(Directory);
        if (_withTrainingFile)
        {
            command.Add(TrainFile);
        }

        command.Add(TestFile);
        command.Add(Label);
        command.Add(ClassNames);
        command.Add(Task);
        command.Add(Download);
    }

    /// <summary>Reads the options and checks that they do not contradict each other.</summary>
    /// <exception cref="UsageException">Both <c>--data</c> and <c>--train</c> are given.</exception>
    public DataSettings Read(ParseResult result)
    {
        string? directory = result.GetValue(Directory);
        string? train = _withTrainingFile ? result.GetValue(TrainFile) : null;
        string? test = result.GetValue(TestFile);
        if (directory is not null && train is not null)
        {
            throw new UsageException($"--data {directory} and --train {train} both name the training samples; give one of them.");
        }

        string? label = result.GetValue(Label);
        IReadOnlyList<string>? names = ReadClassNames(result.GetValue(ClassNames));
        DatasetTask? task = result.GetValue(Task) switch
        {
            null => null,
            "classification" => DatasetTask.Classification,
            "regression" => DatasetTask.Regression,
            string other => throw new UsageException($"--task {other}: expected classification or regression."),
        };
        if (task == DatasetTask.Regression && names is not null)
        {
            throw new UsageException("--class-names names classes, but --task regression has a numeric target; give one of them.");
        }

        if (label is not null && train is null && test is null)
        {
            throw new UsageException(
                $"--label {label} names a column of a CSV table (--train FILE); the MNIST folder {directory ?? DataSettings.DefaultDirectory} holds IDX files, whose labels are in files of their own.");
        }

        bool download = result.GetValue(Download);
        if (train is null && test is not null && directory is null && !_withTrainingFile)
        {
            return new DataSettings(null, null, test, label, names, task, download);
        }

        return new DataSettings(train is null ? directory ?? DataSettings.DefaultDirectory : null, train, test, label, names, task, download);
    }

    private static string[]? ReadClassNames(string? text)
    {
        if (text is null)
        {
            return null;
        }

        string[] names = [.. text.Split(',').Select(n => n.Trim())];
        if (names.Any(n => n.Length == 0) || names.Distinct(StringComparer.Ordinal).Count() != names.Length)
        {
            throw new UsageException($"--class-names {text}: expected distinct, non-empty names separated by commas, label 0 first.");
        }

        return names;
    }
}
