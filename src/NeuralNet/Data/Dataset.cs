// Over 250 lines: the one dataset type, with its factories (rows, regression) and the operations that keep labels, targets and names together.
using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using NeuralNet.Preprocessing;
using NeuralNet.Randomness;

namespace NeuralNet.Data;

/// <summary>Samples as the columns of a float32 matrix (features × N), with optional integer class labels or real-valued targets.</summary>
/// <remarks>
/// <para>Inputs are stored already scaled by <see cref="Scaling"/> (pixels to [0, 1] by default when loading), so a
/// network trains on them directly; the scaling travels to the network and its model file so that prediction on raw
/// values gives the same answers.</para>
/// <para>A classification set has a class index per sample (<see cref="Labels"/>, below <see cref="ClassCount"/>) and, when
/// the classes have names, <see cref="ClassNames"/>; a regression set has <see cref="Targets"/> (targets × N). Tables
/// read from a header carry <see cref="FeatureNames"/>. Samples whose rows are samples: <see cref="FromRows(IEnumerable{float[]}, int[], int?)"/>.</para>
/// <para>Every size is checked with 64-bit arithmetic against one array and the machine's memory before anything is
/// allocated, and the class count is at most <see cref="MaxClassCount"/>, so that a stray label cannot ask for an
/// absurd output layer.</para>
/// <para>A dataset is immutable: <see cref="Shuffle"/>, <see cref="Split(int, int)"/> and <see cref="Subset"/> return new ones.</para>
/// </remarks>
public sealed class Dataset
{
    /// <summary>The largest class count a dataset may have (65,536): more is a mistaken label column, not a classifier.</summary>
    public const int MaxClassCount = 1 << 16;

    private readonly Matrix<float> _inputs;
    private readonly int[]? _labels;

    // The bytes the inputs were read from, while nobody else holds the inputs' matrix (see ByteSamples).
    private readonly ByteSamples? _bytes;

    /// <summary>Creates a dataset over <paramref name="inputs"/> (used as is, not copied).</summary>
    /// <param name="inputs">features × N, one sample per column, already scaled.</param>
    /// <param name="labels">One class per column, or <see langword="null"/> for unlabelled data (such as Kaggle's test.csv).</param>
    /// <param name="classCount">The number of classes; default one more than the largest label (0 for unlabelled data); at most <see cref="MaxClassCount"/>.</param>
    /// <param name="scaling">What was applied to the raw values to get <paramref name="inputs"/>; default <see cref="InputScaling.None"/>.</param>
    /// <exception cref="ArgumentException">The label count differs from the column count (with a hint to transpose when it equals the row count), a label is outside [0, classCount), or the matrix is not dense.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The class count is not positive for labelled data, or above <see cref="MaxClassCount"/>.</exception>
    public Dataset(Matrix<float> inputs, int[]? labels, int? classCount = null, InputScaling? scaling = null)
        : this(inputs, labels, null, classCount, scaling, null, null, false)
    {
    }

    private Dataset(Matrix<float> inputs, int[]? labels, Matrix<float>? targets, int? classCount, InputScaling? scaling, IReadOnlyList<string>? classNames, IReadOnlyList<string>? featureNames, bool valuesAreScaled, ByteSamples? bytes = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        _ = MatrixSpans.Values(inputs);
        if (labels is not null && labels.Length != inputs.ColumnCount)
        {
            throw new ArgumentException($"A dataset of {inputs.ColumnCount} samples needs {inputs.ColumnCount} labels but got {labels.Length}.{TransposeHint(inputs, labels.Length)}", nameof(labels));
        }

        if (targets is not null)
        {
            _ = MatrixSpans.Values(targets);
            if (targets.ColumnCount != inputs.ColumnCount)
            {
                throw new ArgumentException($"A dataset of {inputs.ColumnCount} samples needs {inputs.ColumnCount} target columns but got a {targets.RowCount}x{targets.ColumnCount} matrix.{TransposeHint(inputs, targets.ColumnCount)}", nameof(targets));
            }

            if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(MatrixSpans.Values(targets)))
            {
                int at = Elementwise.IndexOfNonFinite(MatrixSpans.Values(targets));
                throw new ArgumentException($"Target {at % targets.RowCount} of sample {at / targets.RowCount} is {MatrixSpans.Values(targets)[at].ToString(System.Globalization.CultureInfo.InvariantCulture)}; targets must be finite.", nameof(targets));
            }
        }

        int classes = classCount ?? (labels is null || labels.Length == 0 ? 0 : labels.Max() + 1);
        if (classes < 0 || (labels is not null && classes == 0 && labels.Length > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "The class count must be positive for labelled data.");
        }

        if (classes > MaxClassCount || classes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(classCount), classes, $"{(classCount is null ? $"The largest label ({classes - 1}) makes {classes} classes" : $"The class count {classes}")}, more than the {MaxClassCount} a dataset may have; is this the label column?");
        }

        if (labels is not null)
        {
            for (int j = 0; j < labels.Length; j++)
            {
                if ((uint)labels[j] >= (uint)classes)
                {
                    throw new ArgumentException($"Label {labels[j]} of sample {j} is outside the {classes} classes [0, {classes - 1}].", nameof(labels));
                }
            }
        }

        if (classNames is not null && classNames.Count != classes)
        {
            throw new ArgumentException($"{classNames.Count} class names were given for {classes} classes; give one name per class, in index order.", nameof(classNames));
        }

        if (featureNames is not null && featureNames.Count != inputs.RowCount)
        {
            throw new ArgumentException($"{featureNames.Count} feature names were given for {inputs.RowCount} features.", nameof(featureNames));
        }

        scaling ??= InputScaling.None;
        if (scaling.Scale.Length != 1 && scaling.Scale.Length != inputs.RowCount)
        {
            throw new ArgumentException($"This {scaling.Kind} scaling is for {scaling.Scale.Length} features but the samples have {inputs.RowCount}.{TransposeHint(inputs, scaling.Scale.Length, rowsAreFeatures: true)}", nameof(scaling));
        }

        _inputs = inputs;
        _bytes = bytes;
        _labels = labels;
        Targets = targets;
        ClassCount = classes;
        Scaling = scaling;
        ClassNames = classNames;
        FeatureNames = featureNames;
        ValuesAreScaled = valuesAreScaled;
    }

    /// <summary>The samples, features × N, already scaled.</summary>
    /// <remarks>A set read from a file of pixels (IDX bytes, or a CSV file of integers 0–255) also keeps their bytes, and a trainer gathers its batches
    /// from them: a quarter of the memory to read. Once this matrix has been handed out it may be changed, so from then
    /// on batches come from it instead.</remarks>
    public Matrix<float> Inputs
    {
        get
        {
            _bytes?.Release();
            return _inputs;
        }
    }

    /// <summary>The inputs' matrix for the library's own reads, which never write it: the bytes stay in use.</summary>
    internal Matrix<float> InputMatrix => _inputs;

    /// <summary>Whether batches are gathered from the bytes the inputs were read from (see <see cref="Inputs"/>).</summary>
    internal bool GathersBytes => _bytes is { IsReleased: false };

    /// <summary>The class of each sample; empty when <see cref="HasLabels"/> is false.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>Whether the samples have labels.</summary>
    public bool HasLabels => _labels is not null;

    /// <summary>The number of samples N.</summary>
    public int Count => _inputs.ColumnCount;

    /// <summary>Features per sample.</summary>
    public int FeatureCount => _inputs.RowCount;

    /// <summary>The number of classes (0 for unlabelled data).</summary>
    public int ClassCount { get; }

    /// <summary>The scaling that turned raw values into <see cref="Inputs"/>.</summary>
    public InputScaling Scaling { get; }

    /// <summary>The real-valued targets of a regression set, targets × N (one column per sample); null for classification.</summary>
    public Matrix<float>? Targets { get; }

    /// <summary>Targets per sample (rows of <see cref="Targets"/>); 0 for classification.</summary>
    public int TargetCount => Targets?.RowCount ?? 0;

    /// <summary>Whether the set is for classification (labels, or none) or regression (<see cref="Targets"/>).</summary>
    public DatasetTask Task => Targets is null ? DatasetTask.Classification : DatasetTask.Regression;

    /// <summary>The name of each class, in index order (class i is <c>ClassNames[i]</c>); null when the classes are only numbered.</summary>
    /// <remarks>A table's string labels give them (sorted ordinally), as do its integer labels (sorted numerically, written as integers); for MNIST-style files the user gives them (<see cref="CsvOptions.ClassNames"/>, <see cref="WithClassNames"/>).</remarks>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>The name of each feature (row of <see cref="Inputs"/>), from a CSV header; null when unknown.</summary>
    public IReadOnlyList<string>? FeatureNames { get; }

    /// <summary>Whether the file held already-scaled values (not integer pixels or raw table values): the raw values are not known, and <see cref="Scaling"/> maps the file's values to <see cref="Inputs"/>.</summary>
    /// <remarks>
    /// A network trained on raw pixels (its <see cref="Network.InputScaling"/> is not the identity) must not be given such
    /// a file as raw input; <see cref="ClassComparison"/> reports a training and a test set that disagree here, and
    /// <see cref="AssumeScaledBy"/> states which scaling made the values when it is known.
    /// </remarks>
    public bool ValuesAreScaled { get; }

    /// <summary>Creates a regression set: <paramref name="inputs"/> (features × N) and real-valued <paramref name="targets"/> (targets × N), both used as they are.</summary>
    /// <param name="inputs">features × N, one sample per column, already scaled.</param>
    /// <param name="targets">targets × N, one column per sample; every value finite.</param>
    /// <param name="scaling">What was applied to the raw values to get <paramref name="inputs"/>; default <see cref="InputScaling.None"/>.</param>
    /// <param name="featureNames">The name of each feature, or null.</param>
    /// <exception cref="ArgumentException">The column counts differ (with a hint to transpose), a target is not finite, or a matrix is not dense.</exception>
    public static Dataset ForRegression(Matrix<float> inputs, Matrix<float> targets, InputScaling? scaling = null, IReadOnlyList<string>? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return new Dataset(inputs, null, targets, 0, scaling, null, featureNames, false);
    }

    /// <summary>Creates a classification set whose samples are rows (as most tables and ML.NET have them), with an integer class per row.</summary>
    /// <remarks>The rows are copied into the features × N matrix (one column per row), unscaled.</remarks>
    /// <param name="rows">One array of features per sample, all of the same length.</param>
    /// <param name="labels">One class per row, or null for unlabelled samples.</param>
    /// <param name="classCount">The number of classes; default one more than the largest label.</param>
    /// <exception cref="ArgumentException">No rows, rows of different lengths, a non-finite value, or a label count that differs from the row count.</exception>
    public static Dataset FromRows(IEnumerable<float[]> rows, int[]? labels = null, int? classCount = null)
    {
        Matrix<float> inputs = Columns(rows, nameof(rows));
        return new Dataset(inputs, labels, classCount);
    }

    /// <summary>Creates a classification set whose samples are rows, with a class name per row; the names become indices in ordinal order (<see cref="ClassNames"/> sorted with <see cref="StringComparer.Ordinal"/>).</summary>
    /// <param name="rows">One array of features per sample, all of the same length.</param>
    /// <param name="labels">The class of each row, by name.</param>
    /// <exception cref="ArgumentException">No rows, rows of different lengths, a non-finite value, a null name, or a label count that differs from the row count.</exception>
    public static Dataset FromRows(IEnumerable<float[]> rows, IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Matrix<float> inputs = Columns(rows, nameof(rows));
        string[] names = [.. labels];
        if (names.Any(n => n is null))
        {
            throw new ArgumentException("A class name is null; every row needs its class.", nameof(labels));
        }

        string[] classes = [.. names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        if (classes.Length > MaxClassCount)
        {
            throw new ArgumentException($"The labels name {classes.Length} classes, more than the {MaxClassCount} a dataset may have.", nameof(labels));
        }

        var index = new Dictionary<string, int>(classes.Length, StringComparer.Ordinal);
        for (int i = 0; i < classes.Length; i++)
        {
            index[classes[i]] = i;
        }

        int[] indices = [.. names.Select(n => index[n])];
        return new Dataset(inputs, indices, null, classes.Length, null, classes, null, false);
    }

    /// <summary>Creates a regression set whose samples are rows, with one real-valued target per row.</summary>
    /// <param name="rows">One array of features per sample, all of the same length.</param>
    /// <param name="targets">The target of each row; every value finite.</param>
    /// <exception cref="ArgumentException">No rows, rows of different lengths, a non-finite value, or a target count that differs from the row count.</exception>
    public static Dataset FromRows(IEnumerable<float[]> rows, float[] targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        Matrix<float> inputs = Columns(rows, nameof(rows));
        return ForRegression(inputs, Matrix<float>.Build.Dense(1, targets.Length, (float[])targets.Clone()));
    }

    /// <summary>Returns the dataset with class names (class i is <c>names[i]</c>), such as Fashion-MNIST's ten garments; null removes them.</summary>
    /// <exception cref="ArgumentException">The number of names is not <see cref="ClassCount"/>, or a name is null, empty or repeated.</exception>
    public Dataset WithClassNames(IReadOnlyList<string>? names)
    {
        if (names is not null)
        {
            if (names.Any(string.IsNullOrEmpty) || names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            {
                throw new ArgumentException("Class names must be non-empty and distinct.", nameof(names));
            }

            if (names.Count != ClassCount)
            {
                throw new ArgumentException($"{names.Count} class names were given but {this} has {ClassCount} classes; give one name per class, in index order.", nameof(names));
            }
        }

        return new Dataset(_inputs, _labels, Targets, ClassCount, Scaling, names?.ToArray(), FeatureNames, ValuesAreScaled, _bytes);
    }

    /// <summary>States that this set's already-scaled values (<see cref="ValuesAreScaled"/>) were made from raw values by <paramref name="scaling"/> (for instance <see cref="InputScaling.UnitRange"/> for pixels divided by 255), so that <see cref="WithScaling"/> can convert them to a network's scaling.</summary>
    /// <exception cref="ArgumentException"><paramref name="scaling"/> is per feature for another number of features.</exception>
    public Dataset AssumeScaledBy(InputScaling scaling)
    {
        ArgumentNullException.ThrowIfNull(scaling);
        scaling.CheckFeatures(FeatureCount);
        return new Dataset(_inputs, _labels, Targets, ClassCount, scaling, ClassNames, FeatureNames, false, _bytes);
    }

    /// <summary>Returns the samples at <paramref name="indices"/>, in that order, as a new dataset.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, Count).</exception>
    public Dataset Subset(ReadOnlySpan<int> indices)
    {
        Matrix<float> inputs = MatrixSpans.Dense(FeatureCount, indices.Length);
        Matrix<float>? targets = Targets is null ? null : MatrixSpans.Dense(TargetCount, indices.Length);
        int[]? labels = _labels is null ? null : new int[indices.Length];
        for (int j = 0; j < indices.Length; j++)
        {
            int source = indices[j];
            if ((uint)source >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), source, $"Index {source} is outside the {Count} samples.");
            }

            MatrixSpans.Column(_inputs, source).CopyTo(MatrixSpans.Column(inputs, j));
            if (labels is not null)
            {
                labels[j] = _labels![source];
            }

            if (targets is not null)
            {
                MatrixSpans.Column(Targets!, source).CopyTo(MatrixSpans.Column(targets, j));
            }
        }

        // Checked after the copy: bytes not released by now match the floats just copied.
        ByteSamples? bytes = _bytes is { IsReleased: false } kept ? kept.Subset(indices) : null;
        return With(inputs, labels, targets, Scaling, bytes);
    }

    /// <summary>Returns the samples in a random order drawn from <paramref name="seed"/>.</summary>
    public Dataset Shuffle(int seed)
    {
        int[] order = Enumerable.Range(0, Count).ToArray();
        new SeededRandom(seed).Shuffle(order.AsSpan());
        return Subset(order);
    }

    /// <summary>Splits into a training part and a validation part of <paramref name="validationCount"/> samples, after shuffling with <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validationCount"/> is not in [1, Count − 1].</exception>
    public (Dataset Train, Dataset Validation) Split(int validationCount, int seed)
    {
        if (validationCount < 1 || validationCount >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(validationCount), validationCount, $"The validation part must hold between 1 and {Count - 1} of the {Count} samples.");
        }

        int[] order = Enumerable.Range(0, Count).ToArray();
        new SeededRandom(seed).Shuffle(order.AsSpan());
        return (Subset(order.AsSpan(validationCount)), Subset(order.AsSpan(0, validationCount)));
    }

    /// <summary>Splits off a fraction (in (0, 1)) of the samples for validation, after shuffling with <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The fraction leaves either part empty.</exception>
    public (Dataset Train, Dataset Validation) Split(double validationFraction, int seed)
    {
        if (!(validationFraction > 0 && validationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "The validation fraction must be between 0 and 1 (exclusive).");
        }

        return Split((int)Math.Round(Count * validationFraction), seed);
    }

    /// <summary>Returns the labels as one-hot columns (ClassCount × N).</summary>
    /// <exception cref="InvalidOperationException">The dataset has no labels (unlabelled, or a regression set).</exception>
    public Matrix<float> OneHot()
    {
        Matrix<float> result = MatrixSpans.Dense(ClassCount, Count);
        Data.OneHot.Fill(RequireLabels(), result);
        return result;
    }

    /// <summary>Copies the samples at <paramref name="indices"/> into a reusable batch: inputs (features × k), targets (one-hot classes × k, or a regression set's <see cref="Targets"/>, <see cref="TargetCount"/> × k) and labels (k).</summary>
    /// <remarks>Allocates nothing: this is how a trainer draws mini-batches. <paramref name="targets"/> and <paramref name="labels"/> may be omitted (null, empty).</remarks>
    /// <exception cref="ArgumentException">A buffer does not have k columns (or places), or has the wrong number of rows.</exception>
    /// <exception cref="InvalidOperationException">Targets or labels were asked of unlabelled data, or labels of a regression set.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, Count).</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillBatch(ReadOnlySpan<int> indices, Matrix<float> inputs, Matrix<float>? targets = null, Span<int> labels = default)
    {
        MatrixSpans.RequireShape(inputs, FeatureCount, indices.Length, "The batch inputs", nameof(inputs));
        FillInputs(indices, MatrixSpans.Values(inputs));
        FillTargets(indices, targets, labels);
    }

    /// <summary>Writes the inputs of the samples at <paramref name="indices"/> to consecutive columns of <paramref name="destination"/> (FeatureCount × k values), from the file's bytes while they are kept; on the product helpers too when <paramref name="split"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void FillInputs(ReadOnlySpan<int> indices, Span<float> destination, bool split = true)
    {
        if (_bytes is { IsReleased: false } bytes)
        {
            bytes.Gather(indices, destination, split);
        }
        else
        {
            ColumnGather.Copy(MatrixSpans.Values(_inputs), FeatureCount, indices, destination, split);
        }
    }

    /// <summary>The targets and labels of <see cref="FillBatch"/>, for samples at <paramref name="indices"/> that are known to be in range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void FillTargets(ReadOnlySpan<int> indices, Matrix<float>? targets, Span<int> labels)
    {
        if (Targets is not null && targets is not null)
        {
            MatrixSpans.RequireShape(targets, TargetCount, indices.Length, "The batch targets", nameof(targets));
            ColumnGather.Copy(MatrixSpans.Values(Targets), TargetCount, indices, MatrixSpans.Values(targets));
            targets = null;
        }

        if (targets is not null || !labels.IsEmpty)
        {
            int[] all = RequireLabels();
            if (!labels.IsEmpty)
            {
                if (labels.Length != indices.Length)
                {
                    throw LabelBufferMismatch(indices.Length, labels.Length, nameof(labels));
                }

                for (int j = 0; j < indices.Length; j++)
                {
                    labels[j] = all[indices[j]];
                }
            }

            if (targets is not null)
            {
                MatrixSpans.RequireShape(targets, ClassCount, indices.Length, "The batch targets", nameof(targets));
                Span<float> y = MatrixSpans.Values(targets);
                y.Clear();
                for (int j = 0; j < indices.Length; j++)
                {
                    y[(j * ClassCount) + all[indices[j]]] = 1f;
                }
            }
        }
    }

    /// <summary>Returns the dataset with its inputs standardized to mean 0 and standard deviation 1, and a <see cref="Scaling"/> that does the same to raw values.</summary>
    /// <remarks>
    /// <para>Compute the statistics on the training set only and carry them to the test set with
    /// <see cref="WithScaling"/> (or by loading it with this dataset's <see cref="Scaling"/>), so that no information
    /// leaks from the test set: <c>var train = trainSet.Standardize(); var test = testSet.WithScaling(train.Scaling);</c>.</para>
    /// <para>A feature that never varies (MNIST's border pixels, per feature) keeps a deviation of 1: it is centred, not divided by zero.
    /// Sums are accumulated in double precision.</para>
    /// </remarks>
    /// <param name="perFeature">Whether every feature gets its own mean and deviation; default one mean and deviation over all values, as the MNIST tutorials' 0.1307 and 0.3081.</param>
    public Dataset Standardize(bool perFeature = false)
    {
        ReadOnlySpan<float> values = MatrixSpans.Values(_inputs);
        int rows = FeatureCount;
        int groups = perFeature ? rows : 1;
        var sums = new double[groups];
        for (int offset = 0; offset < values.Length; offset += rows)
        {
            ReadOnlySpan<float> column = values.Slice(offset, rows);
            for (int i = 0; i < rows; i++)
            {
                sums[perFeature ? i : 0] += column[i];
            }
        }

        double perGroup = perFeature ? Count : (double)Count * rows;
        var means = new float[groups];
        for (int g = 0; g < groups; g++)
        {
            means[g] = (float)(sums[g] / perGroup);
        }

        // A second pass over the deviations: E[x²] − E[x]² would cancel catastrophically in float data near its mean.
        var squares = new double[groups];
        for (int offset = 0; offset < values.Length; offset += rows)
        {
            ReadOnlySpan<float> column = values.Slice(offset, rows);
            for (int i = 0; i < rows; i++)
            {
                double deviation = column[i] - (double)means[perFeature ? i : 0];
                squares[perFeature ? i : 0] += deviation * deviation;
            }
        }

        var deviations = new float[groups];
        for (int g = 0; g < groups; g++)
        {
            float std = (float)Math.Sqrt(squares[g] / perGroup);
            deviations[g] = std > 0f && float.IsFinite(std) ? std : 1f;
        }

        InputScaling standardization = InputScaling.Standardize(means, deviations);
        Matrix<float> inputs = MatrixSpans.Dense(rows, Count);
        standardization.Apply(_inputs, inputs);
        return With(inputs, _labels, Targets, Scaling.Then(standardization));
    }

    /// <summary>Returns the dataset with its inputs rescaled so that they are <paramref name="scaling"/> applied to the raw values (for instance the training set's standardization, applied to the test set).</summary>
    /// <remarks>The raw values are recovered from <see cref="Scaling"/> in double precision; returns this dataset when the scalings are equal.</remarks>
    /// <exception cref="ArgumentException"><paramref name="scaling"/> is per feature for another number of features.</exception>
    /// <exception cref="InvalidOperationException">The current scaling cannot be undone (a zero factor).</exception>
    public Dataset WithScaling(InputScaling scaling)
    {
        ArgumentNullException.ThrowIfNull(scaling);
        scaling.CheckFeatures(FeatureCount);
        if (scaling.Equals(Scaling))
        {
            return this;
        }

        Matrix<float> inputs = MatrixSpans.Dense(FeatureCount, Count);
        Scaling.To(scaling).Apply(_inputs, inputs);
        return With(inputs, _labels, Targets, scaling);
    }

    /// <summary>Describes the dataset, such as <c>Dataset(60000 samples, 784 features, 10 classes)</c> or <c>Dataset(506 samples, 13 features, 1 target)</c>.</summary>
    public override string ToString() =>
        $"Dataset({Count} samples, {FeatureCount} features, {(Targets is not null ? $"{TargetCount} target{(TargetCount == 1 ? "" : "s")}" : HasLabels ? $"{ClassCount} classes" : "unlabelled")})";

    /// <summary>Creates a dataset with this one's classes, names and kind of values around new samples.</summary>
    internal Dataset With(Matrix<float> inputs, int[]? labels, Matrix<float>? targets, InputScaling scaling, ByteSamples? bytes = null) =>
        new(inputs, labels, targets, ClassCount, scaling, ClassNames, FeatureNames, ValuesAreScaled, bytes);

    /// <summary>Creates a dataset from a reader's results: every part given at once, with the file's bytes when they were kept.</summary>
    internal static Dataset Create(Matrix<float> inputs, int[]? labels, Matrix<float>? targets, int? classCount, InputScaling scaling, IReadOnlyList<string>? classNames, IReadOnlyList<string>? featureNames, bool valuesAreScaled, ByteSamples? bytes = null) =>
        new(inputs, labels, targets, targets is null ? classCount : 0, scaling, classNames, featureNames, valuesAreScaled, bytes);

    /// <summary>A hint when a count that should match the samples (columns) matches the features (rows) instead: the caller passed samples as rows.</summary>
    internal static string TransposeHint(Matrix<float> inputs, int count, bool rowsAreFeatures = false) =>
        inputs.RowCount != inputs.ColumnCount && count == (rowsAreFeatures ? inputs.ColumnCount : inputs.RowCount)
            ? $" The matrix is {inputs.RowCount}x{inputs.ColumnCount}: samples are columns (features x N), so it looks transposed; pass inputs.Transpose(), or use Dataset.FromRows for samples as rows."
            : "";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int[] RequireLabels() => _labels ?? throw NoLabels();

    // The messages of the per-batch methods are built apart, compiled only when one is thrown (see the remarks of
    // Compute.Elementwise).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private InvalidOperationException NoLabels() =>
        new(Targets is null ? $"{this} has no labels." : $"{this} is a regression set: it has targets, not class labels.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException LabelBufferMismatch(int samples, int labels, string parameterName) =>
        new($"The batch has {samples} samples but the label buffer holds {labels}.", parameterName);

    private static Matrix<float> Columns(IEnumerable<float[]> rows, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(rows, parameterName);
        IReadOnlyList<float[]> list = rows as IReadOnlyList<float[]> ?? [.. rows];
        if (list.Count == 0)
        {
            throw new ArgumentException("No rows were given; expected one array of features per sample.", parameterName);
        }

        int features = list[0]?.Length ?? 0;
        int length = ElementBudget.Count(features, list.Count, $"{list.Count} rows of {features} features", parameterName);
        float[] values = GC.AllocateUninitializedArray<float>(length);
        for (int j = 0; j < list.Count; j++)
        {
            float[] row = list[j];
            if (row is null || row.Length != features || features == 0)
            {
                throw new ArgumentException($"Row {j} has {row?.Length ?? 0} features but row 0 has {features}; every row needs the same number (at least one).", parameterName);
            }

            int bad = Elementwise.IndexOfNonFinite(row);
            if (bad >= 0)
            {
                throw new ArgumentException($"Row {j}, feature {bad} is {row[bad].ToString(System.Globalization.CultureInfo.InvariantCulture)}; features must be finite.", parameterName);
            }

            row.CopyTo(values, j * features);
        }

        return Matrix<float>.Build.Dense(features, list.Count, values);
    }
}
