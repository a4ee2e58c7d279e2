using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Data;
using NeuralNet.Preprocessing;

namespace NeuralNet.Imaging;

/// <summary>A labelled dataset read from a folder of images organised one sub-folder per class, as torchvision's <c>ImageFolder</c> reads one.</summary>
/// <remarks>
/// <para>The layout is <c>root/&lt;class&gt;/&lt;image&gt;</c>, for instance <c>digits/0/a.png</c>, <c>digits/7/b.jpg</c>. The class
/// names are the sub-folder names sorted in ordinal (code-point) order, which is the order torchvision sorts them in, and a
/// class's index is its position in that order: folders <c>cat</c>, <c>dog</c> give cat = 0, dog = 1; folders <c>0</c> … <c>9</c>
/// give each digit its own value (but <c>10</c> would sort before <c>2</c>: name them <c>02</c>, <c>10</c> to keep counting order).</para>
/// <para>Files ending in <c>.png</c>, <c>.jpg</c>, <c>.jpeg</c> or <c>.bmp</c> (any case) are images; other files and nested
/// folders are ignored. Images of any size are preprocessed by <see cref="ImageInput"/> with the given options: MNIST's
/// layout by default, or <see cref="ImageFit.Stretch"/> to resize them to the side as they are. Samples come class by class,
/// files in ordinal order; shuffle or split the dataset as usual.</para>
/// </remarks>
public sealed class ImageFolder
{
    private static readonly string[] _extensions = [".png", ".jpg", ".jpeg", ".bmp"];

    private ImageFolder(Dataset data, IReadOnlyList<string> classNames, IReadOnlyList<string> files)
    {
        Data = data;
        ClassNames = classNames;
        Files = files;
    }

    /// <summary>The samples (one image per column) and their labels, scaled by the scaling given to <see cref="Load"/>.</summary>
    public Dataset Data { get; }

    /// <summary>The class names, index by index: the sub-folder names in ordinal order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The image file of every sample, in the dataset's order.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Reads every image under <paramref name="root"/>'s class folders.</summary>
    /// <param name="root">The folder that holds one sub-folder per class.</param>
    /// <param name="options">How each image is preprocessed; default <see cref="ImageInputOptions.Mnist"/>.</param>
    /// <param name="scaling">How the raw 0–255 values are scaled for training; default <see cref="InputScaling.UnitRange"/> (÷255), as MNIST loads.</param>
    /// <exception cref="DirectoryNotFoundException"><paramref name="root"/> does not exist.</exception>
    /// <exception cref="InvalidDataException"><paramref name="root"/> has no class folder, or a class folder has no image.</exception>
    /// <exception cref="InvalidImageFileException">Images cannot be read; the message names every bad file (the first ten) and <see cref="InvalidImageFileException.FilePath"/> the first.</exception>
    public static ImageFolder Load(string root, ImageInputOptions? options = null, InputScaling? scaling = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        options ??= ImageInputOptions.Mnist;
        options.Validate();
        scaling ??= InputScaling.UnitRange;
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Image folder {root} does not exist; expected a folder with one sub-folder of images per class.");
        }

        string[] classFolders = Directory.GetDirectories(root);
        Array.Sort(classFolders, StringComparer.Ordinal);
        if (classFolders.Length == 0)
        {
            throw new InvalidDataException($"Image folder {root} has no sub-folders; expected one sub-folder per class, such as {Path.Combine(root, "0")}{Path.DirectorySeparatorChar}a.png.");
        }

        var files = new List<string>();
        var labels = new List<int>();
        for (int label = 0; label < classFolders.Length; label++)
        {
            string[] images = Directory.GetFiles(classFolders[label]).Where(IsImage).ToArray();
            Array.Sort(images, StringComparer.Ordinal);
            if (images.Length == 0)
            {
                throw new InvalidDataException($"Class folder {classFolders[label]} has no images (.png, .jpg, .jpeg or .bmp); remove it or add its images.");
            }

            files.AddRange(images);
            labels.AddRange(Enumerable.Repeat(label, images.Length));
        }

        int features = options.Side * options.Side;
        Matrix<float> inputs = Matrix<float>.Build.Dense(features, files.Count);
        float[] storage = inputs.AsColumnMajorArray();
        var errors = new string?[files.Count];
        Parallel.For(0, files.Count, i =>
        {
            try
            {
                ImageInput.Load(files[i], options).CopyTo(storage, (long)i * features);
            }
            catch (Exception e) when (e is InvalidImageFileException or IOException or UnauthorizedAccessException)
            {
                errors[i] = e.Message;
            }
        });

        int[] bad = Enumerable.Range(0, files.Count).Where(i => errors[i] is not null).ToArray();
        if (bad.Length > 0)
        {
            string list = string.Join(Environment.NewLine, bad.Take(10).Select(i => "  " + errors[i]));
            string more = bad.Length > 10 ? $"{Environment.NewLine}  … and {bad.Length - 10} more" : "";
            throw new InvalidImageFileException(files[bad[0]], $"{bad.Length} of {files.Count} images under {root} cannot be read:{Environment.NewLine}{list}{more}", null);
        }

        string[] names = classFolders.Select(folder => Path.GetFileName(folder)).ToArray();
        var data = new Dataset(inputs, labels.ToArray(), names.Length).WithScaling(scaling);
        return new ImageFolder(data, names, files);
    }

    private static bool IsImage(string path) => _extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);
}
