using System.CommandLine;

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

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(Directory);
        if (_withTrainingFile)
        {
            command.Add(TrainFile);
        }

        command.Add(TestFile);
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

        if (train is null && test is not null && directory is null && !_withTrainingFile)
        {
            return new DataSettings(null, null, test);
        }

        return new DataSettings(train is null ? directory ?? DataSettings.DefaultDirectory : null, train, test);
    }
}
