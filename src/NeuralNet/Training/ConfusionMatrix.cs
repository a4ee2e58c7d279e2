using System.Globalization;
using System.Text;

namespace NeuralNet.Training;

/// <summary>Counts of (true class, predicted class) pairs, with per-class precision, recall and F1.</summary>
/// <remarks>
/// Rows are true classes, columns predicted ones: <c>this[t, p]</c> samples of class t were predicted as p. Precision
/// of class c is <c>this[c, c] / Σ_t this[t, c]</c>, recall <c>this[c, c] / Σ_p this[c, p]</c>, F1 their harmonic mean;
/// a ratio with a zero denominator is 0, as scikit-learn reports it (with <c>zero_division=0</c>).
/// </remarks>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts;

    /// <summary>Creates an empty matrix for <paramref name="classCount"/> classes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is below 1.</exception>
    public ConfusionMatrix(int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        ClassCount = classCount;
        _counts = new long[classCount * classCount];
    }

    /// <summary>The number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>Samples of class <paramref name="trueClass"/> predicted as <paramref name="predictedClass"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A class is outside [0, ClassCount).</exception>
    public long this[int trueClass, int predictedClass] => _counts[Index(trueClass, predictedClass)];

    /// <summary>All samples counted.</summary>
    public long Total => _counts.Sum();

    /// <summary>The samples on the diagonal: predicted as their own class.</summary>
    public long Correct
    {
        get
        {
            long correct = 0;
            for (int c = 0; c < ClassCount; c++)
            {
                correct += this[c, c];
            }

            return correct;
        }
    }

    /// <summary>The fraction (0–1) of samples predicted correctly; 0 when empty.</summary>
    public double Accuracy => Ratio(Correct, Total);

    /// <summary>Of the samples predicted as <paramref name="classIndex"/>, the fraction that are of it.</summary>
    public double Precision(int classIndex) => Ratio(this[classIndex, classIndex], PredictedCount(classIndex));

    /// <summary>Of the samples of <paramref name="classIndex"/>, the fraction predicted as it.</summary>
    public double Recall(int classIndex) => Ratio(this[classIndex, classIndex], TrueCount(classIndex));

    /// <summary>The harmonic mean of <see cref="Precision"/> and <see cref="Recall"/> for <paramref name="classIndex"/>.</summary>
    public double F1(int classIndex)
    {
        double precision = Precision(classIndex);
        double recall = Recall(classIndex);
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    /// <summary>The unweighted mean of the classes' F1 scores.</summary>
    public double MacroF1 => Enumerable.Range(0, ClassCount).Average(F1);

    /// <summary>Samples whose true class is <paramref name="classIndex"/> (the row's sum: the class's support).</summary>
    public long TrueCount(int classIndex)
    {
        long sum = 0;
        for (int p = 0; p < ClassCount; p++)
        {
            sum += this[classIndex, p];
        }

        return sum;
    }

    /// <summary>Samples predicted as <paramref name="classIndex"/> (the column's sum).</summary>
    public long PredictedCount(int classIndex)
    {
        long sum = 0;
        for (int t = 0; t < ClassCount; t++)
        {
            sum += this[t, classIndex];
        }

        return sum;
    }

    /// <summary>Counts one sample.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A class is outside [0, ClassCount).</exception>
    public void Add(int trueClass, int predictedClass)
    {
        _counts[Index(trueClass, predictedClass)]++;
    }

    /// <summary>Returns the counts as a text table, true classes down, predicted classes across.</summary>
    public override string ToString()
    {
        int width = Math.Max(5, _counts.Max().ToString(CultureInfo.InvariantCulture).Length + 1);
        var text = new StringBuilder();
        text.Append("true\\pred".PadRight(10));
        for (int p = 0; p < ClassCount; p++)
        {
            text.Append(p.ToString(CultureInfo.InvariantCulture).PadLeft(width));
        }

        text.Append('\n');
        for (int t = 0; t < ClassCount; t++)
        {
            text.Append(t.ToString(CultureInfo.InvariantCulture).PadRight(10));
            for (int p = 0; p < ClassCount; p++)
            {
                text.Append(this[t, p].ToString(CultureInfo.InvariantCulture).PadLeft(width));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private int Index(int trueClass, int predictedClass)
    {
        if ((uint)trueClass >= (uint)ClassCount || (uint)predictedClass >= (uint)ClassCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(trueClass),
                $"Classes ({trueClass}, {predictedClass}) are outside the confusion matrix's {ClassCount} classes [0, {ClassCount - 1}].");
        }

        return (trueClass * ClassCount) + predictedClass;
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
