using NeuralNet.Preprocessing;

namespace NeuralNet.Data;

/// <summary>How <see cref="CsvReader"/> reads a CSV file; every setting left null is detected from the file.</summary>
/// <remarks>
/// The defaults read the common forms of MNIST as CSV: <c>mnist_train.csv</c> (label first, no header), Kaggle's
/// digit-recognizer <c>train.csv</c> (header <c>label,pixel0,…,pixel783</c>) and its <c>test.csv</c> (header
/// <c>pixel0,…</c>, no labels).
/// </remarks>
public sealed class CsvOptions
{
    /// <summary>The defaults: everything detected, pixels scaled to [0, 1].</summary>
    public static CsvOptions Default { get; } = new();

    /// <summary>Whether the first line names the columns; null (default) detects it: a first line whose cells are all non-numeric is a header.</summary>
    public bool? HasHeader { get; init; }

    /// <summary>Whether the first column is the label; null (default) detects it.</summary>
    /// <remarks>
    /// With a header, the file is labelled when the first column is named <c>label</c>, <c>class</c>, <c>target</c>,
    /// <c>digit</c> or <c>y</c>. Without one, it is labelled when <see cref="FeatureCount"/> is unset or one less than the
    /// number of columns.
    /// </remarks>
    public bool? HasLabels { get; init; }

    /// <summary>The number of features each row must have (784 for MNIST); null (default) takes it from the first line.</summary>
    public int? FeatureCount { get; init; }

    /// <summary>The number of classes; labels must be in [0, ClassCount). Null (default): one more than the largest label.</summary>
    public int? ClassCount { get; init; }

    /// <summary>Whether the cells are already-scaled floats rather than integer pixels 0–255; null (default) detects it: a file with any cell written with a decimal point or an exponent holds scaled values.</summary>
    /// <remarks>Integer pixels must be in 0–255 and are scaled by <see cref="Scaling"/>; scaled values are used as they are.</remarks>
    public bool? ValuesAreScaled { get; init; }

    /// <summary>The scaling applied to integer pixels; default <see cref="InputScaling.UnitRange"/> (divide by 255).</summary>
    public InputScaling? Scaling { get; init; }

    /// <summary>The cell separator; default a comma.</summary>
    public char Delimiter { get; init; } = ',';
}
