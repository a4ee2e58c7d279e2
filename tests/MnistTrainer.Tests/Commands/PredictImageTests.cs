using System.Globalization;
using MnistTrainer.Tests.Support;
using NeuralNet;
using NeuralNet.Imaging;
using NeuralNet.Serialization;
using SkiaSharp;

namespace MnistTrainer.Tests.Commands;

/// <summary><c>predict</c> on image files: one line per file, the same answer as the library's image helper.</summary>
[Collection(TrainedModelCollection.Name)]
public sealed class PredictImageTests(TrainedModel model)
{
    [Fact]
    public async Task Predict_ImageFilesStretched_PrintsFileLabelAndProbabilityPerFile()
    {
        // The synthetic classes are bands at different heights: stretched (not re-centred), each keeps its place.
        string[] files = [.. Enumerable.Range(0, 3).Select(label => WriteDigit($"class-{label}.png", label, seed: 20 + label))];

        CliResult result = await Cli.RunAsync(["predict", "--model", model.ModelPath, "--image-fit", "stretch", .. files]);

        result.ExitCode.Should().Be(0, result.ToString());
        result.OutputLines[0].Should().Be("file,label,probability");
        string[][] rows = [.. result.OutputLines.Skip(1).Select(line => line.Split(','))];
        rows.Select(r => r[0]).Should().Equal(files);
        rows.Select(r => r[1]).Should().Equal("0", "1", "2");
        rows.Should().AllSatisfy(r => float.Parse(r[2], CultureInfo.InvariantCulture).Should().BeInRange(0.34f, 1f));
    }

    [Fact]
    public async Task Predict_ImageFile_GivesTheLibrarysPreprocessingAndPrediction()
    {
        string file = WriteDigit("jpeg-digit.jpg", label: 1, seed: 30, format: SKEncodedImageFormat.Jpeg);
        Network network = Network.Load(model.ModelPath);
        float[] probabilities = network.PredictProbabilities(ImageInput.Load(file, ImageInputOptions.ForInputSize(network.InputSize)));
        int best = Array.IndexOf(probabilities, probabilities.Max());

        CliResult result = await Cli.RunAsync("predict", "--model", model.ModelPath, file);

        result.ExitCode.Should().Be(0, result.ToString());
        result.OutputLines.Should().Equal("file,label,probability", string.Create(CultureInfo.InvariantCulture, $"{file},{best},{probabilities[best]:F6}"));
    }

    [Fact]
    public async Task Predict_CorruptImage_ExitsTwoNamingTheFile()
    {
        string good = WriteDigit("good.png", label: 0, seed: 31);
        string bad = model.Folder.File("bad.png");
        File.WriteAllBytes(bad, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]);

        CliResult result = await Cli.RunAsync("predict", "--model", model.ModelPath, good, bad);

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain(bad).And.Contain("image");
    }

    [Fact]
    public async Task Predict_ImagesMixedWithCsv_ExitsTwoSayingWhich()
    {
        string image = WriteDigit("mixed.png", label: 2, seed: 32);
        string csv = SyntheticDigits.WriteCsv(model.Folder.File("mixed.csv"), 3, seed: 33);

        CliResult result = await Cli.RunAsync("predict", "--model", model.ModelPath, image, csv);

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain($"{csv} is not an image but {image} is");
    }

    [Fact]
    public async Task Predict_ImagesWithRange_ExitsTwo()
    {
        string image = WriteDigit("ranged.png", label: 2, seed: 34);

        CliResult result = await Cli.RunAsync("predict", "--model", model.ModelPath, image, "--range", "0..1");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain("--range and --submission apply to dataset files");
    }

    /// <summary>A synthetic digit of <paramref name="label"/>, eight screen pixels per image pixel, as an image file.</summary>
    private string WriteDigit(string name, int label, int seed, SKEncodedImageFormat format = SKEncodedImageFormat.Png) =>
        SyntheticDigits.WriteImage(model.Folder.File(name), label, seed, format);
}
