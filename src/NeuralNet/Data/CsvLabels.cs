using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Preprocessing;

namespace NeuralNet.Data;

/// <summary>Turns a table's label texts, as the parallel parts met them, into classes or a regression target, in the order <see cref="CsvOptions"/> documents.</summary>
internal static class CsvLabels
{
    /// <summary>Decides what the labels are and builds the dataset: class indices (whole numbers 0–65,535), class names in ordinal order, or (numbers with a fraction, unless <see cref="CsvOptions.Task"/> says classes) a target.</summary>
    public static Dataset Finish(string path, CsvLayout layout, CsvOptions options, Matrix<float> inputs, int[] labels, CsvRowParser[] parts, InputScaling scaling, IReadOnlyList<string>? featureNames)
    {
        string[] texts = [.. parts.SelectMany(p => p.LabelTexts).Distinct(StringComparer.Ordinal)];
        var numbers = new float?[texts.Length];
        for (int i = 0; i < texts.Length; i++)
        {
            numbers[i] = CsvCells.TryParseNumber(texts[i].AsSpan(), out float value) ? value : null;
        }

        bool numeric = numbers.All(n => n is not null);
        bool whole = numeric && numbers.All(n => n >= 0 && n < Dataset.MaxClassCount && n == MathF.Floor(n!.Value));
        if (numeric && !whole && options.Task is null && numbers.Any(n => n != MathF.Floor(n!.Value)))
        {
            // Numbers with fractions: a regression target.
            float[] targets = new float[labels.Length];
            Remap(parts, labels, text => CsvCells.TryParseNumber(text.AsSpan(), out float v) ? v : 0f, targets);
            return Dataset.Create(inputs, null, Matrix<float>.Build.Dense(1, labels.Length, targets), null, scaling, null, featureNames, false);
        }

        if (whole)
        {
            // Whole numbers are class indices, as in a pixel file.
            Remap(parts, labels, text => (int)float.Parse(CsvCells.Clean(text.AsSpan()), NumberStyles.Float, CultureInfo.InvariantCulture));
            int classes = options.ClassCount ?? (labels.Length == 0 ? 0 : labels.Max() + 1);
            if (labels.FirstOrDefault(l => l >= classes, -1) is int beyond and >= 0)
            {
                throw new InvalidDatasetFileException(path, $"label {beyond} is outside the class range; expected one of the {classes} classes [0, {classes - 1}].", column: layout.LabelColumn + 1, record: Array.IndexOf(labels, beyond));
            }

            return Dataset.Create(inputs, labels, null, classes, scaling, null, featureNames, false);
        }

        // Names: numbered in ordinal order of their text.
        string[] names = [.. texts.Order(StringComparer.Ordinal)];
        if (names.Length > Dataset.MaxClassCount)
        {
            throw new InvalidDatasetFileException(path, $"the label column{layout.ColumnName(layout.LabelColumn)} holds {names.Length} distinct values, more classes than the {Dataset.MaxClassCount} a dataset may have; for a numeric target use Task = Regression.", column: layout.LabelColumn + 1);
        }

        // A class count given with names found in the file must count them: the file's names are the only ones there are.
        if (options.ClassCount is int classCount && classCount != names.Length)
        {
            throw new InvalidDatasetFileException(
                path,
                $"the label column{layout.ColumnName(layout.LabelColumn)} holds {names.Length} class names ({string.Join(", ", names.Take(10).Select(n => CsvCells.Quote(n)))}{(names.Length > 10 ? ", ..." : "")}) but CsvOptions.ClassCount is {classCount}; give CsvOptions.ClassNames to name all {classCount} classes, or leave ClassCount unset.",
                column: layout.LabelColumn + 1);
        }

        var index = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            index[names[i]] = i;
        }

        Remap(parts, labels, text => index[text]);
        return Dataset.Create(inputs, labels, null, options.ClassCount ?? names.Length, scaling, names, featureNames, false);
    }

    /// <summary>Replaces each part's label numbers in <paramref name="labels"/> with <paramref name="map"/> of their text.</summary>
    private static void Remap(CsvRowParser[] parts, int[] labels, Func<string, int> map)
    {
        int slot = 0;
        foreach (CsvRowParser part in parts)
        {
            int[] local = [.. part.LabelTexts.Select(map)];
            for (int end = slot + part.Rows; slot < end; slot++)
            {
                labels[slot] = local[labels[slot]];
            }
        }
    }

    /// <summary>Writes each row's target: <paramref name="map"/> of its label text.</summary>
    private static void Remap(CsvRowParser[] parts, int[] labels, Func<string, float> map, float[] targets)
    {
        int slot = 0;
        foreach (CsvRowParser part in parts)
        {
            float[] local = [.. part.LabelTexts.Select(map)];
            for (int end = slot + part.Rows; slot < end; slot++)
            {
                targets[slot] = local[labels[slot]];
            }
        }
    }
}
