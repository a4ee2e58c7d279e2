using NeuralNet.Data;
using NeuralNet.Imaging.Tests.Support;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Preprocessing;
using NeuralNet.Serialization;
using NeuralNet.Training;
using SkiaSharp;

namespace NeuralNet.Imaging.Tests;

/// <summary>Datasets read from one folder of images per class, as torchvision's <c>ImageFolder</c> reads them.</summary>
public sealed class ImageFolderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_ClassFolders_NamesClassesInOrdinalOrderAndLabelsEachImage()
    {
        string root = _folder.File("shapes");
        WriteShapes(root, perClass: 3, seed: 1);

        ImageFolder folder = ImageFolder.Load(root);

        folder.ClassNames.Should().Equal("bar", "cross", "ring");
        folder.Data.Count.Should().Be(9);
        folder.Data.FeatureCount.Should().Be(784);
        folder.Data.ClassCount.Should().Be(3);
        folder.Data.Labels.ToArray().Should().Equal(0, 0, 0, 1, 1, 1, 2, 2, 2);
        folder.Files[3].Should().Be(Path.Combine(root, "cross", "0.png"));
        folder.Data.Scaling.Should().Be(InputScaling.UnitRange, "the pixels are scaled to [0, 1] as MNIST loads by default");
        folder.Data.Inputs.Enumerate().Max().Should().BeLessThanOrEqualTo(1f);
    }

    [Fact]
    public void Load_ImagesOfAnySizeAndFormat_ArePreprocessedLikeOneFile()
    {
        string root = _folder.File("mixed");
        string png = Pictures.Save(Pictures.Ring(90, 140, SKColors.White, SKColors.Black), Path.Combine(Created(root, "a"), "big.png"));
        Pictures.Save(Pictures.Bar(20, 13, SKColors.Black, SKColors.White), Path.Combine(Created(root, "a"), "small.BMP"));
        Pictures.Save(Pictures.Cross(64, 64, SKColors.White, SKColors.Black), Path.Combine(Created(root, "b"), "c.jpeg"));
        File.WriteAllText(Path.Combine(root, "a", "notes.txt"), "not an image: ignored");

        ImageFolder folder = ImageFolder.Load(root, scaling: InputScaling.None);

        folder.Data.Count.Should().Be(3);
        folder.Data.Inputs.Column(0).ToArray().Should().Equal(ImageInput.Load(png));
    }

    [Fact]
    public void Load_StretchOption_ResizesToTheGivenSide()
    {
        string root = _folder.File("stretch");
        WriteShapes(root, perClass: 1, seed: 2);

        ImageFolder folder = ImageFolder.Load(root, new ImageInputOptions { Side = 16, Fit = ImageFit.Stretch });

        folder.Data.FeatureCount.Should().Be(256);
    }

    [Fact]
    public void Load_CorruptFiles_ThrowNamingEveryBadFile()
    {
        string root = _folder.File("broken");
        WriteShapes(root, perClass: 2, seed: 3);
        string first = Path.Combine(root, "bar", "zz-corrupt.png");
        string second = Path.Combine(root, "ring", "zz-empty.jpg");
        File.WriteAllBytes(first, [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        File.WriteAllBytes(second, []);

        Action load = () => ImageFolder.Load(root);

        load.Should().Throw<InvalidImageFileException>()
            .WithMessage($"2 of 8 images*{first}*{second}*")
            .Which.FilePath.Should().Be(first);
    }

    [Fact]
    public void Load_EmptyClassFolder_ThrowsNamingIt()
    {
        string root = _folder.File("gap");
        WriteShapes(root, perClass: 1, seed: 4);
        string empty = Created(root, "empty");

        Action load = () => ImageFolder.Load(root);

        load.Should().Throw<InvalidDataException>().WithMessage($"*{empty}*no images*");
    }

    [Fact]
    public void Load_FolderWithoutClassFolders_Throws()
    {
        string root = Created(_folder.Path, "flat");
        Pictures.Save(Pictures.Ring(30, 30, SKColors.White, SKColors.Black), Path.Combine(root, "a.png"));

        Action load = () => ImageFolder.Load(root);

        load.Should().Throw<InvalidDataException>().WithMessage($"*{root}*one sub-folder per class*");
    }

    [Fact]
    public void Load_MissingFolder_Throws()
    {
        string root = Path.Combine(_folder.Path, "nowhere");

        Action load = () => ImageFolder.Load(root);

        load.Should().Throw<DirectoryNotFoundException>().WithMessage($"*{root}*");
    }

    [Fact]
    public void Fit_OnAnImageFolder_LearnsTheClassesOfUnseenImages()
    {
        string trainRoot = _folder.File("train");
        string testRoot = _folder.File("test");
        WriteShapes(trainRoot, perClass: 30, seed: 5);
        WriteShapes(testRoot, perClass: 10, seed: 6);
        ImageFolder train = ImageFolder.Load(trainRoot);
        ImageFolder test = ImageFolder.Load(testRoot);
        var network = Network.Create([784, 32, 3], seed: 1);
        var trainer = new Trainer(network, new CrossEntropyLoss(), new Adam(0.01f), new TrainerOptions { Epochs = 15, BatchSize = 16, Seed = 1 });

        trainer.Fit(train.Data);

        network.Evaluate(test.Data).Accuracy.Should().BeGreaterThanOrEqualTo(0.9);
        int ring = test.ClassNames.ToList().IndexOf("ring");
        network.Predict(ImageInput.Load(Path.Combine(testRoot, "ring", "0.png"))).Should().Be(ring, "a saved model predicts raw 0-255 pixels");
    }

    /// <summary>Bars, crosses and rings of random sizes, positions and stroke widths, dark on light or light on dark.</summary>
    private static void WriteShapes(string root, int perClass, int seed)
    {
        var random = new Random(seed);
        foreach (string shape in new[] { "ring", "bar", "cross" })
        {
            string folder = Created(root, shape);
            for (int n = 0; n < perClass; n++)
            {
                int width = random.Next(40, 160), height = random.Next(40, 160);
                bool light = random.Next(2) == 0;
                SKColor background = light ? SKColors.White : SKColors.Black;
                SKColor ink = light ? SKColors.Black : SKColors.White;
                using SKBitmap bitmap = shape switch
                {
                    "ring" => Pictures.Ring(width, height, background, ink),
                    "bar" => Pictures.Bar(width, height, background, ink),
                    _ => Pictures.Cross(width, height, background, ink),
                };
                Pictures.Save(bitmap, Path.Combine(folder, $"{n}.png"));
            }
        }
    }

    private static string Created(string root, string name) => Directory.CreateDirectory(Path.Combine(root, name)).FullName;
}
