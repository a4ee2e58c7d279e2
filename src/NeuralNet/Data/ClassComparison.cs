using System.Globalization;

namespace NeuralNet.Data;

/// <summary>What differs between a training set and a set evaluated against it (validation, test): classes, their names, features and the kind of values.</summary>
/// <remarks>
/// <para>Call it before training: <c>ClassComparison.Compare(train, test).ThrowIfAny("train.csv", "test.csv")</c>. It
/// reports classes no training sample has (the network could never learn them), labels of the other set that the
/// training set does not have, class counts or names that disagree (the indices would mean different classes), feature
/// counts that differ, and a set of already-scaled values beside one of raw values (<see cref="Dataset.ValuesAreScaled"/>).</para>
/// <para>Whether these are errors or warnings is the caller's choice: <see cref="Problems"/> lists them as sentences,
/// <see cref="ThrowIfAny"/> makes them one exception.</para>
/// </remarks>
public sealed class ClassComparison
{
    private ClassComparison(IReadOnlyList<int> withoutTraining, IReadOnlyList<int> unknown, IReadOnlyList<string> problems)
    {
        ClassesWithoutTrainingSamples = withoutTraining;
        LabelsUnknownToTraining = unknown;
        Problems = problems;
    }

    /// <summary>Classes in [0, train.ClassCount) that no training sample has.</summary>
    public IReadOnlyList<int> ClassesWithoutTrainingSamples { get; }

    /// <summary>Labels of the other set that no training sample has (including those at or above the training set's class count).</summary>
    public IReadOnlyList<int> LabelsUnknownToTraining { get; }

    /// <summary>Every disagreement, as a sentence; empty when the sets agree.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Whether the sets agree in everything compared.</summary>
    public bool IsConsistent => Problems.Count == 0;

    /// <summary>Compares <paramref name="train"/> with <paramref name="other"/> (null: only the training set's own classes are checked).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="train"/> is null.</exception>
    public static ClassComparison Compare(Dataset train, Dataset? other)
    {
        ArgumentNullException.ThrowIfNull(train);
        var problems = new List<string>();
        int[] withoutTraining = [];
        int[] unknown = [];
        if (train.HasLabels)
        {
            bool[] seen = Seen(train);
            withoutTraining = [.. Enumerable.Range(0, train.ClassCount).Where(c => !seen[c])];
            if (withoutTraining.Length > 0)
            {
                problems.Add($"{Count(withoutTraining.Length, "class")} of the {train.ClassCount} {(withoutTraining.Length == 1 ? "has" : "have")} no training sample: {Names(train, withoutTraining)}; the network cannot learn {(withoutTraining.Length == 1 ? "it" : "them")}.");
            }

            if (other is not null && other.HasLabels)
            {
                bool[] otherSeen = Seen(other);
                unknown = [.. Enumerable.Range(0, otherSeen.Length).Where(c => otherSeen[c] && (c >= seen.Length || !seen[c]))];
                if (unknown.Length > 0)
                {
                    problems.Add($"the other set has {Count(unknown.Length, "label")} that no training sample has: {Names(other, unknown)}.");
                }

                if (other.ClassCount != train.ClassCount)
                {
                    problems.Add(Invariant($"the training set has {train.ClassCount} classes but the other set has {other.ClassCount}."));
                }

                if (train.ClassNames is not null && other.ClassNames is not null && !train.ClassNames.SequenceEqual(other.ClassNames, StringComparer.Ordinal))
                {
                    problems.Add($"the class names differ: the training set has {string.Join(", ", train.ClassNames.Take(10))}{(train.ClassNames.Count > 10 ? ", ..." : "")} but the other set has {string.Join(", ", other.ClassNames.Take(10))}{(other.ClassNames.Count > 10 ? ", ..." : "")}: load the other set with the training set's ClassNames so that each index means the same class.");
                }
            }
        }

        if (other is not null)
        {
            if (other.FeatureCount != train.FeatureCount)
            {
                problems.Add(Invariant($"the training set has {train.FeatureCount} features per sample but the other set has {other.FeatureCount}."));
            }

            if (other.Task != train.Task)
            {
                problems.Add($"the training set is for {train.Task.ToString().ToLowerInvariant()} but the other set for {other.Task.ToString().ToLowerInvariant()}.");
            }

            if (other.ValuesAreScaled != train.ValuesAreScaled)
            {
                problems.Add($"the {(train.ValuesAreScaled ? "training" : "other")} set holds already-scaled values but the {(train.ValuesAreScaled ? "other" : "training")} set holds raw values (integer pixels 0-255, or a table's values): they would not be scaled alike; give both files in the same form.");
            }
        }

        return new ClassComparison(withoutTraining, unknown, problems);
    }

    /// <summary>Throws when the sets disagree, with every problem in the message.</summary>
    /// <param name="trainName">What to call the training set (a file name).</param>
    /// <param name="otherName">What to call the other set.</param>
    /// <exception cref="InvalidOperationException">The sets disagree.</exception>
    public void ThrowIfAny(string trainName, string otherName)
    {
        if (!IsConsistent)
        {
            throw new InvalidOperationException($"{trainName} and {otherName} do not fit together: {string.Join(" ", Problems.Select(p => p.Replace("the other set", otherName, StringComparison.Ordinal).Replace("the training set", trainName, StringComparison.Ordinal)))}");
        }
    }

    private static bool[] Seen(Dataset data)
    {
        bool[] seen = new bool[data.ClassCount];
        foreach (int label in data.Labels)
        {
            seen[label] = true;
        }

        return seen;
    }

    private static string Names(Dataset data, int[] classes) =>
        string.Join(", ", classes.Take(20).Select(c => data.ClassNames is { } names && c < names.Count ? $"{c} ({names[c]})" : c.ToString(CultureInfo.InvariantCulture)))
        + (classes.Length > 20 ? $", ... ({classes.Length} in all)" : "");

    private static string Count(int n, string noun) => Invariant($"{n} {(n == 1 ? noun : noun.EndsWith('s') ? noun + "es" : noun + "s")}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
