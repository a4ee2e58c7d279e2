using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using NeuralNet.Preprocessing;
using NeuralNet.Randomness;

namespace NeuralNet.Data;

/// <summary>Samples as the columns of a float32 matrix (features × N), with optional integer class labels.</summary>
/// <remarks>
/// <para>Inputs are stored already scaled by <see cref="Scaling"/> (pixels to [0, 1] by default when loading), so a
/// network trains on them directly; the scaling travels to the network and its model file so that prediction on raw
/// values gives the same answers.</para>
/// <para>A dataset is immutable: <see cref="Shuffle"/>, <see cref="Split(int, int)"/> and <see cref="Subset"/> return new ones.</para>
/// </remarks>
public sealed class Dataset
{
    private readonly int[]? _labels;

    /// <summary>Creates a dataset over <paramref name="inputs"/> (used as is, not copied).</summary>
    /// <param name="inputs">features × N, one sample per column, already scaled.</param>
    /// <param name="labels">One class per column, or <see langword="null"/> for unlabelled data (such as Kaggle's test.csv).</param>
    /// <param name="classCount">The number of classes; default one more than the largest label (0 for unlabelled data).</param>
    /// <param name="scaling">What was applied to the raw values to get <paramref name="inputs"/>; default <see cref="InputScaling.None"/>.</param>
    /// <exception cref="ArgumentException">The label count differs from the column count, a label is outside [0, classCount), or the matrix is not dense.</exception>
    public Dataset(Matrix<float> inputs, int[]? labels, int? classCount = null, InputScaling? scaling = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        _ = MatrixSpans.Values(inputs);
        if (labels is not null && labels.Length != inputs.ColumnCount)
        {
            throw new ArgumentException($"A dataset of {inputs.ColumnCount} samples needs {inputs.ColumnCount} labels but got {labels.Length}.", nameof(labels));
        }

        int classes = classCount ?? (labels is null || labels.Length == 0 ? 0 : labels.Max() + 1);
        if (classes < 0 || (labels is not null && classes == 0 && labels.Length > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "The class count must be positive for labelled data.");
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

        scaling ??= InputScaling.None;
        scaling.CheckFeatures(inputs.RowCount);
        Inputs = inputs;
        _labels = labels;
        ClassCount = classes;
        Scaling = scaling;
    }

    /// <summary>The samples, features × N, already scaled.</summary>
    public Matrix<float> Inputs { get; }

    /// <summary>The class of each sample; empty when <see cref="HasLabels"/> is false.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>Whether the samples have labels.</summary>
    public bool HasLabels => _labels is not null;

    /// <summary>The number of samples N.</summary>
    public int Count => Inputs.ColumnCount;

    /// <summary>Features per sample.</summary>
    public int FeatureCount => Inputs.RowCount;

    /// <summary>The number of classes (0 for unlabelled data).</summary>
    public int ClassCount { get; }

    /// <summary>The scaling that turned raw values into <see cref="Inputs"/>.</summary>
    public InputScaling Scaling { get; }

    /// <summary>Returns the samples at <paramref name="indices"/>, in that order, as a new dataset.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, Count).</exception>
    public Dataset Subset(ReadOnlySpan<int> indices)
    {
        Matrix<float> inputs = MatrixSpans.Dense(FeatureCount, indices.Length);
        int[]? labels = _labels is null ? null : new int[indices.Length];
        for (int j = 0; j < indices.Length; j++)
        {
            int source = indices[j];
            if ((uint)source >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), source, $"Index {source} is outside the {Count} samples.");
            }

            MatrixSpans.Column(Inputs, source).CopyTo(MatrixSpans.Column(inputs, j));
            if (labels is not null)
            {
                labels[j] = _labels![source];
            }
        }

        return new Dataset(inputs, labels, ClassCount, Scaling);
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
    /// <exception cref="InvalidOperationException">The dataset has no labels.</exception>
    public Matrix<float> OneHot()
    {
        Matrix<float> result = MatrixSpans.Dense(ClassCount, Count);
        Data.OneHot.Fill(RequireLabels(), result);
        return result;
    }

    /// <summary>Copies the samples at <paramref name="indices"/> into a reusable batch: inputs (features × k), one-hot targets (classes × k) and labels (k).</summary>
    /// <remarks>Allocates nothing: this is how a trainer draws mini-batches. <paramref name="targets"/> and <paramref name="labels"/> may be omitted (null, empty).</remarks>
    /// <exception cref="ArgumentException">A buffer does not have k columns (or places), or has the wrong number of rows.</exception>
    /// <exception cref="InvalidOperationException">Targets or labels were asked of unlabelled data.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, Count).</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillBatch(ReadOnlySpan<int> indices, Matrix<float> inputs, Matrix<float>? targets = null, Span<int> labels = default)
    {
        MatrixSpans.RequireShape(inputs, FeatureCount, indices.Length, "The batch inputs", nameof(inputs));
        ColumnGather.Copy(MatrixSpans.Values(Inputs), FeatureCount, indices, MatrixSpans.Values(inputs));

        if (targets is not null || !labels.IsEmpty)
        {
            int[] all = RequireLabels();
            if (!labels.IsEmpty)
            {
                if (labels.Length != indices.Length)
                {
                    throw new ArgumentException($"The batch has {indices.Length} samples but the label buffer holds {labels.Length}.", nameof(labels));
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
        ReadOnlySpan<float> values = MatrixSpans.Values(Inputs);
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
        standardization.Apply(Inputs, inputs);
        return new Dataset(inputs, _labels, ClassCount, Scaling.Then(standardization));
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
        Scaling.To(scaling).Apply(Inputs, inputs);
        return new Dataset(inputs, _labels, ClassCount, scaling);
    }

    /// <summary>Describes the dataset, such as <c>Dataset(60000 samples, 784 features, 10 classes)</c>.</summary>
    public override string ToString() =>
        $"Dataset({Count} samples, {FeatureCount} features, {(HasLabels ? $"{ClassCount} classes" : "unlabelled")})";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int[] RequireLabels() =>
        _labels ?? throw new InvalidOperationException($"{this} has no labels.");
}
