using NeuralNet.Preprocessing;

namespace NeuralNet.Data;

/// <summary>How <see cref="CsvReader"/> reads a CSV file; every setting left null is detected from the file.</summary>
/// <remarks>
/// <para>The defaults read the common forms of MNIST as CSV: <c>mnist_train.csv</c> (label first, no header), Kaggle's
/// digit-recognizer <c>train.csv</c> (header <c>label,pixel0,…,pixel783</c>) and its <c>test.csv</c> (header
/// <c>pixel0,…</c>, no labels).</para>
/// <para><b>Pixel files and tables.</b> A file is read as a <i>pixel file</i> (label first, integer pixels 0–255 scaled
/// by <see cref="Scaling"/>, or already-scaled values) only when nothing says it is a table: no header, or a header whose
/// feature names are pixel names (<c>pixel0</c>, <c>px12</c>, <c>p3</c>, <c>28x28</c>, <c>7</c>). Anything else is a
/// <i>table</i>: a header with other names, or any of <see cref="LabelColumn"/>, <see cref="FeatureColumns"/> or a
/// regression <see cref="Task"/>. A table's values are used as written (never divided by 255) and then scaled by
/// <see cref="Scaling"/> only when it is given (for instance the training set's standardization, to load its test set).</para>
/// <para><b>Labels.</b> Labels that are all whole numbers 0–65,535 are class indices (label 3 is class 3) in either kind of
/// file. A table's other labels are class names, numbered in ordinal order of their text (<see cref="StringComparer.Ordinal"/>)
/// and kept as <see cref="Dataset.ClassNames"/>; numeric labels with a fraction make a regression target
/// (<see cref="Dataset.Targets"/>) unless <see cref="Task"/> says otherwise. Give a test set its training set's
/// <see cref="Dataset.ClassNames"/> so that each index means the same class.</para>
/// </remarks>
public sealed class CsvOptions
{
    /// <summary>The defaults: everything detected, pixels scaled to [0, 1].</summary>
    public static CsvOptions Default { get; } = new();

    /// <summary>Whether the first line names the columns; null (default) detects it: a first line whose cells are all non-numeric is a header.</summary>
    public bool? HasHeader { get; init; }

    /// <summary>Whether the file has a label column; null (default) detects it.</summary>
    /// <remarks>
    /// With a header, the file is labelled when a column is named <c>label</c>, <c>class</c>, <c>target</c>,
    /// <c>digit</c> or <c>y</c> (the first such, anywhere in a table; the first column in a pixel file). Without one, it is
    /// labelled (by its first column) when <see cref="FeatureCount"/> is unset or one less than the number of columns.
    /// True without such a name makes the first column the label.
    /// </remarks>
    public bool? HasLabels { get; init; }

    /// <summary>The label column of a table, by its header name (matched exactly, else ignoring case), or by its 1-based position written as a number for a file without a header; null (default) detects it (see <see cref="HasLabels"/>).</summary>
    public string? LabelColumn { get; init; }

    /// <summary>The feature columns of a table, by header name, in the order they become features; null (default) takes every column but the label. Other columns are not read, and may hold anything.</summary>
    public IReadOnlyList<string>? FeatureColumns { get; init; }

    /// <summary>The names of the classes in index order (class i is <c>ClassNames[i]</c>), such as the training set's <see cref="Dataset.ClassNames"/> when loading its test set, or Fashion-MNIST's ten garments.</summary>
    /// <remarks>A label that is one of the names is that class; any other label must be a class index below the number of names. They become the dataset's <see cref="Dataset.ClassNames"/> and its class count.</remarks>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Whether the label column holds classes or a regression target; null (default) detects it: numeric labels with a fraction are a target, anything else classes.</summary>
    public DatasetTask? Task { get; init; }

    /// <summary>The number of features each row must have (784 for MNIST); null (default) takes it from the first line.</summary>
    public int? FeatureCount { get; init; }

    /// <summary>The number of classes; labels must be in [0, ClassCount). Null (default): one more than the largest label, or the number of <see cref="ClassNames"/>.</summary>
    public int? ClassCount { get; init; }

    /// <summary>Whether a pixel file's cells are already-scaled values rather than integer pixels 0–255; null (default) decides from the values.</summary>
    /// <remarks>
    /// <para>The decision is made from values, never from how one cell is spelled: <c>128.0</c> and <c>1.28e2</c> are the
    /// integer 128. A file whose values are all whole numbers holds integer pixels, which must be in 0–255 and are scaled by
    /// <see cref="Scaling"/>; a file with any value that has a fraction holds already-scaled values, used as they are
    /// (<see cref="Dataset.ValuesAreScaled"/>).</para>
    /// <para>A file that mixes both is refused, naming the first record that disagrees with the ones before it: a record
    /// of integer pixels with a value above 1 and a record whose values all lie in [0, 1] with a fraction (as pixels
    /// divided by 255 would) cannot come from one file.</para>
    /// </remarks>
    public bool? ValuesAreScaled { get; init; }

    /// <summary>The scaling applied to a pixel file's integer pixels (default <see cref="InputScaling.UnitRange"/>, divide by 255), or to a table's values (default none).</summary>
    public InputScaling? Scaling { get; init; }

    /// <summary>The cell separator; default a comma. A file that looks separated by another (a semicolon or a tab) gets a hint in the error.</summary>
    public char Delimiter { get; init; } = ',';
}
