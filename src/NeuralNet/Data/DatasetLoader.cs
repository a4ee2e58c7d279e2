using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Preprocessing;

namespace NeuralNet.Data;

/// <summary>Loads datasets from files: an IDX pair (images and labels, raw or gzipped) or a label-first CSV file.</summary>
/// <remarks>
/// Pixels are scaled to [0, 1] by default (<see cref="InputScaling.UnitRange"/>); pass another scaling, such as a
/// training set's <see cref="Dataset.Scaling"/> after <see cref="Dataset.Standardize"/>, to load a test set the same way.
/// Files are opened read-only and never modified.
/// </remarks>
public static class DatasetLoader
{
    /// <summary>Loads an IDX images file and its labels file into one dataset.</summary>
    /// <remarks>Both headers are read and compared before anything large is allocated.</remarks>
    /// <param name="imagesPath">The samples: an IDX file whose first dimension counts them (MNIST: 60000 × 28 × 28).</param>
    /// <param name="labelsPath">The labels: an IDX file of one dimension, one integer per sample.</param>
    /// <param name="scaling">Applied to the raw values; default <see cref="InputScaling.UnitRange"/> (pixels to [0, 1]).</param>
    /// <param name="classCount">The number of classes (10 for MNIST); labels must be below it. Default one more than the largest label.</param>
    /// <exception cref="InvalidDatasetFileException">Either file is not a well-formed IDX file of its kind, the counts differ, or a label is outside the classes.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="ArgumentException"><paramref name="scaling"/> is per feature for another number of features.</exception>
    public static Dataset LoadIdx(string imagesPath, string labelsPath, InputScaling? scaling = null, int? classCount = null)
    {
        scaling ??= InputScaling.UnitRange;
        IdxHeader images = IdxReader.ReadHeader(imagesPath);
        IdxHeader labels = IdxReader.ReadHeader(labelsPath);
        if (images.Dimensions.Count >= 2 && labels.Dimensions.Count == 1 && images.Dimensions[0] != labels.Dimensions[0])
        {
            throw new InvalidDatasetFileException(
                labelsPath,
                $"the file holds {labels.Dimensions[0]} labels but the images file {imagesPath} holds {images.Dimensions[0]} images; expected one label per image.",
                offset: 4);
        }

        int[] classes = IdxReader.ReadLabels(labelsPath, classCount);
        Matrix<float> inputs = IdxReader.ReadSamples(DatasetSource.FromFile(imagesPath), scaling, keepBytes: true, out ByteSamples? bytes);
        if (inputs.ColumnCount != classes.Length)
        {
            throw new InvalidDatasetFileException(labelsPath, $"the file holds {classes.Length} labels but the images file {imagesPath} now holds {inputs.ColumnCount} images: a file changed while being read.", offset: 4);
        }

        return Dataset.Create(inputs, classes, null, classCount, scaling, null, null, false, bytes);
    }

    /// <summary>Loads an IDX file of samples without labels (for prediction).</summary>
    /// <param name="imagesPath">An IDX file whose first dimension counts the samples.</param>
    /// <param name="scaling">Applied to the raw values; default <see cref="InputScaling.UnitRange"/>.</param>
    /// <exception cref="InvalidDatasetFileException">The file is not a well-formed IDX file of samples.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException"><paramref name="scaling"/> is per feature for another number of features.</exception>
    public static Dataset LoadIdxImages(string imagesPath, InputScaling? scaling = null)
    {
        scaling ??= InputScaling.UnitRange;
        return new Dataset(IdxReader.ReadSamples(imagesPath, scaling), null, scaling: scaling);
    }

    /// <summary>Loads a label-first CSV file (MNIST's CSV dumps, Kaggle's train.csv and test.csv); see <see cref="CsvReader.Read(string, CsvOptions?)"/>.</summary>
    /// <param name="path">The CSV file, raw or gzipped.</param>
    /// <param name="options">How to read it; default everything detected and pixels scaled to [0, 1].</param>
    /// <exception cref="InvalidDatasetFileException">The file is malformed; the message names the line and column.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static Dataset LoadCsv(string path, CsvOptions? options = null) => CsvReader.Read(path, options);
}
