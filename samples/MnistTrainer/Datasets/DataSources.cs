using System.Globalization;
using MnistTrainer.Options;
using NeuralNet.Data;

namespace MnistTrainer.Datasets;

/// <summary>Turns the data options into datasets: a folder of IDX files, or single CSV or IDX files.</summary>
internal static class DataSources
{
    /// <summary>The share of a training file held out as the test set when no <c>--test</c> is given.</summary>
    private const int HeldOutTestDivisor = 10;

    /// <summary>Loads the training, validation and test sets of a run.</summary>
    /// <param name="settings">Where the samples are.</param>
    /// <param name="validation">Training samples to hold out for validation; null for the default (5,000, at most a tenth).</param>
    /// <param name="seed">The seed of the held-out parts.</param>
    /// <param name="context">Where download notes go, and the stop request.</param>
    /// <param name="notes">Where notes about the data go (standard output, or standard error under --json).</param>
    /// <exception cref="UsageException">A file is missing or unlabelled, or the validation part does not fit.</exception>
    public static async Task<TrainingData> LoadForTrainingAsync(DataSettings settings, int? validation, int seed, CommandContext context, TextWriter notes)
    {
        Dataset train;
        Dataset test;
        string trainSource;
        string testSource;
        if (settings.TrainFile is { } trainFile)
        {
            train = DataFile.LoadLabelled(trainFile, "--train", settings: settings);
            trainSource = Path.GetFullPath(trainFile);
            if (settings.TestFile is { } testFile)
            {
                test = DataFile.LoadLabelled(testFile, "--test", train.Scaling, train.ClassCount, settings, train.ClassNames);
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
                testSource = $"{held} samples held out of {trainSource} (no --test given)";
                await notes.WriteLineAsync($"No --test file: testing on {held} samples held out of {trainFile}.").ConfigureAwait(false);
            }
        }
        else
        {
            string directory = settings.Directory!;
            (train, test) = await MnistFolder.LoadAsync(directory, context, settings).ConfigureAwait(false);
            trainSource = Path.GetFullPath(directory);
            testSource = trainSource;
            if (settings.TestFile is { } testFile)
            {
                test = DataFile.LoadLabelled(testFile, "--test", train.Scaling, train.ClassCount, settings, train.ClassNames);
                testSource = Path.GetFullPath(testFile);
            }
        }

        int count = validation ?? Math.Min(TrainingOptionSet.DefaultValidation, train.Count / 10);
        if (count == 0)
        {
            return new TrainingData(train, null, test, trainSource, testSource);
        }

        if (count >= train.Count)
        {
            throw new UsageException(string.Create(
                CultureInfo.InvariantCulture,
                $"--validation {count} would hold out every one of the {train.Count} training samples; give fewer, or 0 for no validation."));
        }

        (Dataset rest, Dataset validationPart) = train.Split(count, seed);
        return new TrainingData(rest, validationPart, test, trainSource, testSource);
    }

    /// <summary>Loads the labelled samples that <c>evaluate</c> and <c>show</c> look at: <c>--test FILE</c>, else the folder's test files.</summary>
    public static async Task<(Dataset Test, string Source)> LoadTestAsync(DataSettings settings, CommandContext context)
    {
        if (settings.TestFile is { } testFile)
        {
            return (DataFile.LoadLabelled(testFile, "--test", settings: settings), Path.GetFullPath(testFile));
        }

        string directory = settings.Directory ?? DataSettings.DefaultDirectory;
        return (await MnistFolder.LoadTestAsync(directory, context, settings).ConfigureAwait(false), Path.GetFullPath(directory));
    }
}
