using NeuralNet.Data;

namespace MnistTrainer.Tests.Support;

/// <summary>MNIST-shaped data sets (28×28 images, 784 features) the tests write themselves, for the convolutional layers: ten classes (as an MNIST folder has), each a bright 7×7 square in its own cell of a 4×4 grid on a noisy background.</summary>
/// <remarks>A convolution with a pooling learns them in an epoch or two, in well under a second.</remarks>
public static class SyntheticImages
{
    /// <summary>Pixels per side, as MNIST's.</summary>
    public const int Side = 28;

    /// <summary>Classes.</summary>
    public const int Classes = 10;

    /// <summary>Writes a training and a test set under MNIST's four file names into <paramref name="folder"/>, as <c>--data</c> reads them.</summary>
    public static string WriteIdxFolder(string folder, int train = 240, int test = 60)
    {
        Directory.CreateDirectory(folder);
        Write(Path.Combine(folder, Mnist.TrainImagesFileName), Path.Combine(folder, Mnist.TrainLabelsFileName), train, seed: 1);
        Write(Path.Combine(folder, Mnist.TestImagesFileName), Path.Combine(folder, Mnist.TestLabelsFileName), test, seed: 2);
        return folder;
    }

    private static void Write(string imagesPath, string labelsPath, int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * Side * Side];
        var labels = new byte[count];
        for (int n = 0; n < count; n++)
        {
            int label = n % Classes;
            labels[n] = (byte)label;
            (int top, int left) = (7 * (label / 4), 7 * (label % 4));
            for (int y = 0; y < Side; y++)
            {
                for (int x = 0; x < Side; x++)
                {
                    bool square = y >= top && y < top + 7 && x >= left && x < left + 7;
                    pixels[(n * Side * Side) + (y * Side) + x] = (byte)(square ? random.Next(170, 256) : random.Next(0, 60));
                }
            }
        }

        IdxWriter.Write(imagesPath, [count, Side, Side], pixels);
        IdxWriter.Write(labelsPath, [count], labels);
    }
}
