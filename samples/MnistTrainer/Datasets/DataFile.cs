using System.IO.Compression;
using MnistTrainer.Options;
using MnistTrainer.Runs;
using NeuralNet;
using NeuralNet.Data;
using NeuralNet.Preprocessing;

namespace MnistTrainer.Datasets;

/// <summary>Loads one dataset file named on the command line: label-first CSV, or an IDX images file with its labels.</summary>
/// <remarks>
/// The kind is told by the content, not the name: an IDX file starts with two zero bytes and a type code (after gzip's
/// header if it is compressed); anything else is read as CSV. An IDX images file finds its labels by MNIST's naming
/// (<c>…-images-idx3-ubyte</c> beside <c>…-labels-idx1-ubyte</c>), or takes them spelled out as <c>IMAGES,LABELS</c>.
/// </remarks>
internal static class DataFile
{
    /// <summary>Loads a labelled dataset from <paramref name="spec"/> (a file, or <c>IMAGES,LABELS</c>).</summary>
    /// <param name="spec">The file as given on the command line.</param>
    /// <param name="option">The option it came from, for messages (<c>--train</c>).</param>
    /// <param name="scaling">How to scale the raw values; default pixels to [0, 1].</param>
    /// <param name="classCount">The number of classes when known (a test set takes its training set's).</param>
    /// <exception cref="UsageException">The file is missing or has no labels.</exception>
    /// <exception cref="InvalidDatasetFileException">The file is malformed.</exception>
    /// <param name="settings">How a table is read (<c>--label</c>, <c>--class-names</c>, <c>--task</c>); default none.</param>
    /// <param name="trainingClassNames">A test set's training set's class names, so that each index means the same class.</param>
    public static Dataset LoadLabelled(string spec, string option, InputScaling? scaling = null, int? classCount = null, DataSettings? settings = null, IReadOnlyList<string>? trainingClassNames = null)
    {
        settings ??= new DataSettings(null, null, null);
        (string path, string? labels) = SplitSpec(spec);
        RequireFile(path, option);
        Dataset data;
        if (IsIdx(path))
        {
            if (settings.LabelColumn is { } column)
            {
                throw new UsageException($"--label {column} names a column of a CSV table, but {option} {path} is an IDX file, whose labels are in a file of their own.");
            }

            labels ??= LabelsBeside(path, option);
            RequireFile(labels, option);
            IReadOnlyList<string>? names = trainingClassNames ?? settings.ClassNames;
            data = DatasetLoader.LoadIdx(path, labels, scaling, classCount ?? names?.Count);
            data = names is null ? data : WithNames(data, names, option, path);
        }
        else
        {
            try
            {
                data = DatasetLoader.LoadCsv(path, settings.Csv(scaling, classCount, trainingClassNames, path));
            }
            catch (ArgumentException e) when (e is not ArgumentNullException)
            {
                throw new UsageException($"{option} {path}: {InCliTerms(e.Message)}", e);
            }
        }

        if (!data.HasLabels && data.Targets is null)
        {
            throw new UsageException(settings.LabelColumn is null
                ? $"{option} {path} has no labels (no column is named label, class, target, digit or y, and its first column is not a label); a labelled file is needed here: name the label column with --label NAME. To predict its samples, use 'predict'."
                : $"{option} {path} has no labels; a labelled file is needed here.");
        }

        return data;
    }

    private static Dataset WithNames(Dataset data, IReadOnlyList<string> names, string option, string path)
    {
        try
        {
            return data.WithClassNames(names);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--class-names gives {names.Count} names but {option} {path} has {data.ClassCount} classes; give one name per class, label 0 first.", e);
        }
    }

    /// <summary>Loads the samples of <paramref name="path"/> (CSV rows or an IDX images file) unscaled, for prediction by <paramref name="network"/>; labels are not read.</summary>
    /// <remarks>
    /// A model of a table reads a file with a header by its feature names (the columns may come in any order, and others,
    /// such as an id or the label, are skipped); any other file is read by position, with the model's feature count.
    /// </remarks>
    /// <param name="path">The file.</param>
    /// <param name="network">The model: its feature count tells a CSV file's label column from a feature.</param>
    /// <exception cref="UsageException">The file is missing, or lacks a column the model reads.</exception>
    /// <exception cref="InvalidDatasetFileException">The file is malformed.</exception>
    public static Dataset LoadInputs(string path, Network network)
    {
        RequireFile(path, "input");
        if (IsIdx(path))
        {
            return DatasetLoader.LoadIdxImages(path, InputScaling.None);
        }

        bool byName = TableColumns.Of(network) is not null && TableColumns.HasHeader(path);
        var options = new CsvOptions
        {
            Scaling = InputScaling.None,
            FeatureCount = network.InputSize,
            FeatureColumns = byName ? network.FeatureNames : null,
            HasLabels = byName ? false : null,
        };
        try
        {
            return DatasetLoader.LoadCsv(path, options);
        }
        catch (ArgumentException e) when (e is not ArgumentNullException)
        {
            throw new UsageException($"{path}: {InCliTerms(e.Message)}", e);
        }
    }

    /// <summary>A reader's message about its options in the command line's terms.</summary>
    private static string InCliTerms(string message) => message.Replace(" (Parameter 'options')", "", StringComparison.Ordinal);

    /// <summary>Whether the file's content starts like an IDX file (raw or gzipped).</summary>
    public static bool IsIdx(string path)
    {
        using FileStream file = File.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        if (file.ReadAtLeast(head, 2, throwOnEndOfStream: false) >= 2 && head[0] == 0x1F && head[1] == 0x8B)
        {
            file.Position = 0;
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            return ReadsAsIdx(gzip, head);
        }

        file.Position = 0;
        return ReadsAsIdx(file, head);
    }

    private static bool ReadsAsIdx(Stream stream, Span<byte> head)
    {
        try
        {
            // IDX: two zero bytes, a type code (0x08 unsigned byte ... 0x0E double), a dimension count.
            return stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4
                && head[0] == 0 && head[1] == 0 && head[2] is 0x08 or 0x09 or 0x0B or 0x0C or 0x0D or 0x0E && head[3] >= 1;
        }
        catch (InvalidDataException)
        {
            // A damaged gzip stream: let the CSV reader say what is wrong with the file.
            return false;
        }
    }

    private static (string Path, string? Labels) SplitSpec(string spec)
    {
        int comma = spec.IndexOf(',', StringComparison.Ordinal);
        return comma > 0 && !File.Exists(spec) ? (spec[..comma], spec[(comma + 1)..]) : (spec, null);
    }

    private static string LabelsBeside(string images, string option)
    {
        string name = Path.GetFileName(images);
        string labelsName = name.Replace("images", "labels", StringComparison.Ordinal).Replace("idx3", "idx1", StringComparison.Ordinal);
        if (labelsName == name)
        {
            throw new UsageException($"{option} {images} is an IDX file but its name does not say where its labels are (as train-images-idx3-ubyte beside train-labels-idx1-ubyte); give both as {option} IMAGES,LABELS.");
        }

        string labels = Path.Combine(Path.GetDirectoryName(images) ?? "", labelsName);
        if (!File.Exists(labels) && File.Exists(labels + ".gz"))
        {
            labels += ".gz";
        }
        else if (!File.Exists(labels) && labels.EndsWith(".gz", StringComparison.Ordinal) && File.Exists(labels[..^3]))
        {
            labels = labels[..^3];
        }

        if (!File.Exists(labels))
        {
            throw new UsageException($"{option} {images} is an IDX images file, but its labels file {labels} does not exist; put it there or give both as {option} IMAGES,LABELS.");
        }

        return labels;
    }

    // A folder, a named pipe or a device is refused before IsIdx opens it (a pipe would block, /dev/zero never end).
    private static void RequireFile(string path, string option) =>
        InputFile.Require(path, option, "a CSV or IDX file", folderHint: "use --data for a folder of IDX files");
}
