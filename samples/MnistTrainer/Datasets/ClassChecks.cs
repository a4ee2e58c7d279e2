using System.Globalization;
using NeuralNet.Data;

namespace MnistTrainer.Datasets;

/// <summary>What the command line says, before training, about the classes of a run's training, validation and test sets.</summary>
/// <remarks>
/// <para>Built on <see cref="ClassComparison"/>. The rule: what the network could still learn and be tested on fairly is
/// a warning on standard error; what makes the run meaningless is an error (exit 2), before any training.</para>
/// <list type="bullet">
/// <item><b>Warning:</b> a class of the training set's class count that no training sample has (MNIST's ten classes on a
/// partial set, a class named by <c>--class-names</c> that the file never uses, a rare class that all went into the
/// validation part). The network has an output for it but cannot learn it; the warning says how many validation and
/// test samples are of such classes, since every one of them will be counted wrong.</item>
/// <item><b>Error:</b> a validation or test label the network has no output for, a class count or names that differ
/// (an index would mean another class), a different number of features, a regression set beside a classification set,
/// and already-scaled values beside raw ones that could not be converted. The readers refuse most of these already,
/// naming the file and record (a test file is read with its training set's classes); this is the last check.</item>
/// </list>
/// </remarks>
internal static class ClassChecks
{
    /// <summary>Writes the warnings about <paramref name="data"/> to <paramref name="warnings"/>, or throws for a problem that is an error.</summary>
    /// <param name="data">The run's sets.</param>
    /// <param name="trainName">What to call the training set, such as <c>--train iris.csv</c>.</param>
    /// <param name="testName">What to call the test set.</param>
    /// <param name="warnings">Standard error.</param>
    /// <exception cref="UsageException">The sets do not fit together.</exception>
    public static void BeforeTraining(TrainingData data, string trainName, string testName, TextWriter warnings)
    {
        var test = ClassComparison.Compare(data.Train, data.Test);
        ClassComparison? validation = data.Validation is null ? null : ClassComparison.Compare(data.Train, data.Validation);
        RefuseMisfits(test, data.Train, trainName, testName);
        if (validation is not null)
        {
            RefuseMisfits(validation, data.Train, trainName, "the validation part");
        }

        if (test.ClassesWithoutTrainingSamples.Count == 0)
        {
            return;
        }

        IReadOnlyList<int> missing = test.ClassesWithoutTrainingSamples;
        string sentence = test.Problems[0];
        long testSamples = SamplesOf(data.Test, missing);
        long validationSamples = data.Validation is null ? 0 : SamplesOf(data.Validation, missing);
        string affected = testSamples + validationSamples == 0
            ? ""
            : Invariant($" {testSamples} test and {validationSamples} validation samples are of {(missing.Count == 1 ? "it" : "them")} and will be counted wrong.");
        bool onlyTheLast = missing[0] == data.Train.ClassCount - missing.Count;
        string hint = onlyTheLast && data.Train.ClassNames is null
            ? Invariant($" If the set has only {data.Train.ClassCount - missing.Count} classes, name them with --class-names.")
            : "";
        ErrorReport.Warn(warnings, $"{trainName}: {sentence}{affected}{hint}");
    }

    /// <summary>Throws for every problem of <paramref name="comparison"/> other than classes without training samples (the warning) and the labels of those classes.</summary>
    private static void RefuseMisfits(ClassComparison comparison, Dataset train, string trainName, string otherName)
    {
        int[] beyond = [.. comparison.LabelsUnknownToTraining.Where(label => label >= train.ClassCount)];
        var errors = comparison.Problems.Where(p => !p.Contains("no training sample", StringComparison.Ordinal)).ToList();
        if (beyond.Length > 0)
        {
            errors.Insert(0, Invariant($"the other set has labels the network has no output for ({string.Join(", ", beyond.Take(20))}; the training set has {train.ClassCount} classes)."));
        }

        if (errors.Count > 0)
        {
            throw new UsageException(
                $"{trainName} and {otherName} do not fit together: {string.Join(" ", errors.Select(p => p.Replace("the other set", otherName, StringComparison.Ordinal).Replace("the training set", trainName, StringComparison.Ordinal)))}");
        }
    }

    private static long SamplesOf(Dataset data, IReadOnlyList<int> classes)
    {
        if (!data.HasLabels)
        {
            return 0;
        }

        var set = new HashSet<int>(classes);
        long count = 0;
        foreach (int label in data.Labels)
        {
            count += set.Contains(label) ? 1 : 0;
        }

        return count;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
