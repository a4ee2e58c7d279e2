using NeuralNet.Data;
using SkiaSharp;

namespace MnistTrainer.Tests.Support;

/// <summary>Tiny MNIST-style data sets the tests write themselves: 8×8 images of three classes, each a bright band of rows on a noisy background.</summary>
/// <remarks>A small network learns them in a few epochs, so the commands can be run end to end in well under a second.</remarks>
public static class SyntheticDigits
{
    /// <summary>Pixels per side.</summary>
    public const int Side = 8;

    /// <summary>Features per image.</summary>
    public const int Features = Side * Side;

    /// <summary>Classes.</summary>
    public const int Classes = 3;

    /// <summary>Makes <paramref name="count"/> images (row by row) and their labels.</summary>
    public static (byte[] Pixels, int[] Labels) Make(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * Features];
        var labels = new int[count];
        for (int n = 0; n < count; n++)
        {
            int label = n % Classes;
            labels[n] = label;
            for (int row = 0; row < Side; row++)
            {
                bool band = row >= 1 + (2 * label) && row <= 2 + (2 * label);
                for (int column = 0; column < Side; column++)
                {
                    pixels[(n * Features) + (row * Side) + column] = (byte)(band ? random.Next(180, 256) : random.Next(0, 70));
                }
            }
        }

        return (pixels, labels);
    }

    /// <summary>Writes a training and a test set under MNIST's four file names into <paramref name="folder"/>, as <c>--data</c> reads them.</summary>
    public static string WriteIdxFolder(string folder, int train = 300, int test = 60)
    {
        Directory.CreateDirectory(folder);
        WriteIdx(Path.Combine(folder, Mnist.TrainImagesFileName), Path.Combine(folder, Mnist.TrainLabelsFileName), train, seed: 1);
        WriteIdx(Path.Combine(folder, Mnist.TestImagesFileName), Path.Combine(folder, Mnist.TestLabelsFileName), test, seed: 2);
        return folder;
    }

    /// <summary>Writes an IDX images file and its labels file.</summary>
    public static void WriteIdx(string imagesPath, string labelsPath, int count, int seed)
    {
        (byte[] pixels, int[] labels) = Make(count, seed);
        IdxWriter.Write(imagesPath, [count, Side, Side], pixels);
        IdxWriter.Write(labelsPath, [count], labels.Select(l => (byte)l).ToArray());
    }

    /// <summary>Writes a CSV file: label first unless <paramref name="labelled"/> is false; with a Kaggle-style header when asked.</summary>
    public static string WriteCsv(string path, int count, int seed, bool labelled = true, bool header = false)
    {
        (byte[] pixels, int[] labels) = Make(count, seed);
        CsvWriter.WritePixels(path, pixels, Features, labelled ? labels : null, header);
        return path;
    }

    /// <summary>Writes the first image of <paramref name="label"/> drawn from <paramref name="seed"/> as an image file, eight screen pixels per image pixel.</summary>
    public static string WriteImage(string path, int label, int seed, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        (byte[] pixels, int[] labels) = Make(Classes * 4, seed);
        int index = Array.IndexOf(labels, label);
        const int Scale = 8;
        int side = Side * Scale;
        using var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (int y = 0; y < side; y++)
        {
            for (int x = 0; x < side; x++)
            {
                byte g = pixels[(index * Features) + ((y / Scale) * Side) + (x / Scale)];
                bitmap.SetPixel(x, y, new SKColor(g, g, g));
            }
        }

        using SKData data = bitmap.Encode(format, 95)!;
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    /// <summary>Writes a CSV file of the images' pixels already divided by 255 (values in [0, 1] with fractions), label first, as some MNIST dumps have them.</summary>
    public static string WriteScaledCsv(string path, int count, int seed)
    {
        (byte[] pixels, int[] labels) = Make(count, seed);
        var text = new System.Text.StringBuilder();
        for (int n = 0; n < count; n++)
        {
            text.Append(labels[n].ToString(System.Globalization.CultureInfo.InvariantCulture));
            for (int i = 0; i < Features; i++)
            {
                text.Append(',').Append((pixels[(n * Features) + i] / 255.0).ToString("0.######", System.Globalization.CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }
}
