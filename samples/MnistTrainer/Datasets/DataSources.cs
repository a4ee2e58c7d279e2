using System.Globalization;
using MnistTrainer.Options;
using MnistTrainer.Runs;
using NeuralNet;
using NeuralNet.Data;

namespace MnistTrainer.Datasets;

/// <summary>Turns the data options into datasets: a folder of IDX files, or single CSV or IDX files.</summary>
internal static class DataSources
{
    /// <summary>The share of a training file held out as the test set when no <c>--test</c> is given.</summary>
    private const int HeldOutTestDivisor = 10;

    /// <summary>Loads the training, validation and test sets of a run, and checks them against each other before training.</summary>
    /// <remarks>
    /// <para>A test file is read as the training set was: its task, its class count and names (so that each index means
    /// the same class), its scaling and, for a table, its feature columns by name. Pixels already scaled to [0, 1] are
    /// taken as 0–255 pixels divided by 255 (<see cref="PixelValues"/>).</para>
    /// <para>A table (values used as written) is standardized per feature on the training part only, after the
    /// validation and test parts are taken out, and the same standardization is applied to them; the model keeps it
    /// and applies it to raw inputs.</para>
    /// <para>A regression's targets are standardized on the training part too, the validation targets alike
    /// (<see cref="TargetScaling"/>); the test targets stay as they are, for the figures in their own units once the
    /// scaling is folded into the network.</para>
    /// <para>Then <see cref="ClassChecks"/> reports, before any training, classes without a training sample (a warning)
    /// and sets that do not fit together (an error).</para>
    /// </remarks>
    /// <param name="settings">Where the samples are.</param>
    /// <param name="validation">Training samples to hold out for validation; null for the default (5,000, at most a tenth).</param>
    /// <param name="seed">The seed of the held-out parts.</param>
    /// <param name="context">Where download notes and warnings go, and the stop request.</param>
    /// <param name="notes">Where notes about the data go (standard output, or standard error under --json).</param>
    /// <exception cref="UsageException">A file is missing or unlabelled, the validation part does not fit, or the sets do not fit together.</exception>
    public static async Task<TrainingData> LoadForTrainingAsync(DataSettings settings, int? validation, int seed, CommandContext context, TextWriter notes)
    {
        Dataset train;
        Dataset test;
        string trainSource;
        string testSource;
        string trainName;
        string testName;
        if (settings.TrainFile is { } trainFile)
        {
            trainName = $"--train {trainFile}";
            train = PixelValues.AsPixels(DataFile.LoadLabelled(trainFile, "--train", settings: settings), trainName, notes);
            trainSource = Path.GetFullPath(trainFile);
            if (settings.TestFile is { } testFile)
            {
                (test, testName) = (LoadTestLike(train, testFile, settings, notes), $"--test {testFile}");
                testSource = Path.GetFullPath(testFile);
            }
            else
            {
                int held = Math.Max(1, train.Count / HeldOutTestDivisor);
                if (train.Count < 3)
                {
                    throw new UsageException($"--train {trainFile} holds {train.Count} samples: too few to hold a test part out of it; give --test FILE.");
                }

                (train, test) = train.Split(held, seed);
                testName = $"the test part held out of {trainFile}";
                testSource = $"{held} samples held out of {trainSource} (no --test given)";
                await notes.WriteLineAsync($"No --test file: testing on {held} samples held out of {trainFile}.").ConfigureAwait(false);
            }
        }
        else
        {
            string directory = settings.Directory!;
            (train, test) = await MnistFolder.LoadAsync(directory, context, settings).ConfigureAwait(false);
            trainName = $"the training set of --data {directory}";
            testName = $"the test set of --data {directory}";
            trainSource = Path.GetFullPath(directory);
            testSource = trainSource;
            if (settings.TestFile is { } testFile)
            {
                (test, testName) = (LoadTestLike(train, testFile, settings, notes), $"--test {testFile}");
                testSource = Path.GetFullPath(testFile);
            }
        }

        int count = validation ?? Math.Min(TrainingOptionSet.DefaultValidation, train.Count / 10);
        if (count >= train.Count && count > 0)
        {
            throw new UsageException(string.Create(
                CultureInfo.InvariantCulture,
                $"--validation {count} would hold out every one of the {train.Count} training samples; give fewer, or 0 for no validation."));
        }

        (Dataset rest, Dataset? validationPart) = count == 0 ? (train, null) : train.Split(count, seed);
        if (IsTable(rest))
        {
            // Fitted on the training part only, so that nothing of the validation and test parts leaks into training.
            rest = rest.Standardize(perFeature: true);
            validationPart = validationPart?.WithScaling(rest.Scaling);
            test = test.WithScaling(rest.Scaling);
            await notes.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Features standardized (mean 0, deviation 1, per column) on the {rest.Count} training samples; the model applies the same to raw inputs.")).ConfigureAwait(false);
        }

        TargetScaling? targets = null;
        if (rest.Task == DatasetTask.Regression)
        {
            // The network trains on standardized targets and gets the scaling folded into its output layer afterwards.
            targets = TargetScaling.Fit(rest);
            rest = targets.Apply(rest);
            validationPart = validationPart is null ? null : targets.Apply(validationPart);
            await notes.WriteLineAsync($"Targets standardized on the training samples ({targets}): the history's losses are of the standardized targets, the test figures and the model's predictions in the targets' own units.").ConfigureAwait(false);
        }

        var data = new TrainingData(rest, validationPart, test, trainSource, testSource, targets);
        ClassChecks.BeforeTraining(data, trainName, testName, context.Error);
        return data;
    }

    /// <summary>Whether a dataset holds a table's values as written (not pixels, which come scaled to [0, 1], nor values that came scaled).</summary>
    public static bool IsTable(Dataset data) => data.Scaling.IsIdentity && !data.ValuesAreScaled;

    /// <summary>Loads a test file as <paramref name="train"/> was read: its task, classes, names, scaling and, for a table, its feature columns by name.</summary>
    private static Dataset LoadTestLike(Dataset train, string testFile, DataSettings settings, TextWriter notes)
    {
        DataSettings like = settings with { Task = train.Task, FeatureColumns = TableColumns.Of(train) };
        int? classes = train.Task == DatasetTask.Regression ? null : train.ClassCount;
        Dataset test = DataFile.LoadLabelled(testFile, "--test", train.Scaling, classes, like, train.ClassNames);
        return PixelValues.AsPixels(test, $"--test {testFile}", notes);
    }

    /// <summary>Loads the labelled samples that <c>evaluate</c> and <c>show</c> give <paramref name="network"/>: <c>--test FILE</c>, else the folder's test files.</summary>
    /// <remarks>
    /// The samples are read as the model was trained: its task (a regression's targets), its classes and their names (so
    /// that a string label means the model's class of that name, and a label beyond its classes is refused naming the
    /// record), a table's feature columns by name; pixels of another scaling than the model's are converted or refused
    /// (<see cref="PixelValues.ForModel"/>).
    /// </remarks>
    /// <param name="settings">The data options.</param>
    /// <param name="network">The model.</param>
    /// <param name="modelPath">The model file, for messages.</param>
    /// <param name="context">Where download notes go.</param>
    /// <param name="notes">Where a note about a conversion goes.</param>
    /// <exception cref="UsageException">A file is missing or unlabelled, an option contradicts the model, or the values cannot be given to it.</exception>
    public static async Task<(Dataset Test, string Source)> LoadTestAsync(DataSettings settings, Network network, string modelPath, CommandContext context, TextWriter notes)
    {
        DataSettings forModel = settings.For(network, modelPath);
        int? classes = forModel.Task == DatasetTask.Regression ? null : network.OutputSize;
        if (settings.TestFile is { } testFile)
        {
            Dataset test = DataFile.LoadLabelled(testFile, "--test", null, classes, forModel, forModel.ClassNames);
            return (PixelValues.ForModel(test, network, $"--test {testFile}", notes), Path.GetFullPath(testFile));
        }

        string directory = settings.Directory ?? DataSettings.DefaultDirectory;
        Dataset folder = await MnistFolder.LoadTestAsync(directory, context, forModel, classes).ConfigureAwait(false);
        return (PixelValues.ForModel(folder, network, $"--data {directory}", notes), Path.GetFullPath(directory));
    }
}
