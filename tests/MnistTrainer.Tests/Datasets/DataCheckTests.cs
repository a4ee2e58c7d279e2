using System.Globalization;
using System.Text.Json;
using MnistTrainer.Tests.Support;
using NeuralNet.Data;
using NeuralNet.Serialization;

namespace MnistTrainer.Tests.Datasets;

/// <summary>The checks before training and on prediction: an MNIST folder's ten classes, classes without training samples, sets that do not fit together, and files of another scaling than the model's.</summary>
public sealed class DataCheckTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Train_MnistFolderWhoseTrainingSetLacksADigit_HasTenClassesAndWarnsBeforeTraining()
    {
        // 28×28 images under MNIST's names: MNIST (or Fashion-MNIST). Its training part has no 9, its test part has.
        string data = _folder.File("mnist");
        Directory.CreateDirectory(data);
        WriteBands(Path.Combine(data, Mnist.TrainImagesFileName), Path.Combine(data, Mnist.TrainLabelsFileName), 270, classes: 9);
        WriteBands(Path.Combine(data, Mnist.TestImagesFileName), Path.Combine(data, Mnist.TestLabelsFileName), 50, classes: 10);

        CliResult result = await Cli.RunAsync("--data", data, "--layers", "16", "--epochs", "2", "--output", _folder.File("run"));

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain("784 features, 10 classes").And.Contain("Network(784-16-10)");
        string warning = result.ErrorLines.Should().ContainSingle(l => l.StartsWith("warning:", StringComparison.Ordinal)).Which;
        warning.Should().Contain("1 class of the 10 has no training sample: 9").And.Contain("5 test and 0 validation samples");
        result.Error.IndexOf("warning:", StringComparison.Ordinal).Should().BeGreaterThanOrEqualTo(0);
        result.Output.Should().Contain("epoch 1/2");
    }

    [Fact]
    public async Task Train_FolderOfSmallImagesWithATestLabelBeyondTheTrainingClasses_ExitsTwoNamingTheFileAndRecord()
    {
        // 8×8 images: the user's own set, whose classes are what its training labels use (0 and 1 here).
        string data = _folder.File("own");
        Directory.CreateDirectory(data);
        SyntheticDigits.WriteIdx(Path.Combine(data, Mnist.TrainImagesFileName), Path.Combine(data, Mnist.TrainLabelsFileName), 60, seed: 1);
        SyntheticDigits.WriteIdx(Path.Combine(data, Mnist.TestImagesFileName), Path.Combine(data, Mnist.TestLabelsFileName), 9, seed: 2);
        RewriteLabels(Path.Combine(data, Mnist.TrainLabelsFileName), label => label == 2 ? 1 : label);

        CliResult result = await Cli.RunAsync("--data", data, "--layers", "8", "--epochs", "1", "--output", _folder.File("run"));

        result.ExitCode.Should().Be(ExitCodes.Usage, result.ToString());
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain(Mnist.TestLabelsFileName).And.Contain("record 2").And.Contain("2 classes");
    }

    [Fact]
    public async Task Train_ClassNamedButNeverUsed_WarnsHowManyTestSamplesAreOfIt()
    {
        string train = SyntheticDigits.WriteCsv(_folder.File("train.csv"), 90, seed: 3);
        RewriteCsvLabels(train, label => label == 2 ? 1 : label);
        string test = SyntheticDigits.WriteCsv(_folder.File("test.csv"), 30, seed: 4);

        CliResult result = await Cli.RunAsync("--train", train, "--test", test, "--class-names", "a,b,c", "--layers", "8", "--epochs", "1", "--output", _folder.File("run"));

        result.ExitCode.Should().Be(0, result.ToString());
        result.ErrorLines.Should().ContainSingle(l => l.StartsWith("warning:", StringComparison.Ordinal))
            .Which.Should().Contain("--train").And.Contain("no training sample: 2 (c)").And.Contain("10 test");
    }

    [Fact]
    public async Task Train_RawTrainingFileAndScaledTestFile_ConvertsTheTestFileAndSaysSo()
    {
        string train = SyntheticDigits.WriteCsv(_folder.File("train.csv"), 300, seed: 5);
        string test = SyntheticDigits.WriteScaledCsv(_folder.File("scaled-test.csv"), 60, seed: 6);
        string run = _folder.File("run");

        CliResult result = await Cli.RunAsync("--train", train, "--test", test, "--layers", "16", "--epochs", "5", "--output", run);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain($"--test {test} holds pixels already scaled to [0, 1]");
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
        summary.RootElement.GetProperty("test_accuracy").GetDouble().Should().BeGreaterThan(0.9, "the test pixels were not divided by 255 a second time");
    }

    [Fact]
    public async Task Train_ScaledTrainingFile_MakesAModelOfRawPixels()
    {
        string train = SyntheticDigits.WriteScaledCsv(_folder.File("scaled-train.csv"), 300, seed: 7);
        string run = _folder.File("run");
        CliResult trained = await Cli.RunAsync("--train", train, "--layers", "16", "--epochs", "10", "--output", run);
        trained.ExitCode.Should().Be(0, trained.ToString());
        string raw = SyntheticDigits.WriteCsv(_folder.File("raw.csv"), 12, seed: 8);

        CliResult predicted = await Cli.RunAsync("predict", "--model", Path.Combine(run, "model.nnet"), raw);

        trained.Output.Should().Contain("taken as 0-255 pixels divided by 255");
        NeuralNet.Network.Load(Path.Combine(run, "model.nnet")).InputScaling.Should().Be(NeuralNet.Preprocessing.InputScaling.UnitRange, "the model takes 0-255 pixels like any other");
        predicted.ExitCode.Should().Be(0, predicted.ToString());
        predicted.OutputLines.Skip(1).Select(l => l.Split(',')[1]).Should().Equal(Enumerable.Range(0, 12).Select(i => (i % 3).ToString(CultureInfo.InvariantCulture)), "0-255 pixels are what the model takes");
    }

    [Fact]
    public async Task EvaluateAndPredict_ScaledFileForAModelOfRawPixels_AreConvertedWithANote()
    {
        string data = SyntheticDigits.WriteIdxFolder(_folder.File("data"));
        string run = _folder.File("run");
        (await Cli.RunAsync("--data", data, "--layers", "16", "--epochs", "10", "--output", run)).ExitCode.Should().Be(0);
        string model = Path.Combine(run, "model.nnet");
        string scaled = SyntheticDigits.WriteScaledCsv(_folder.File("scaled.csv"), 30, seed: 9);
        string raw = SyntheticDigits.WriteCsv(_folder.File("raw.csv"), 30, seed: 9);

        CliResult evaluated = await Cli.RunAsync("evaluate", "--model", model, "--test", scaled, "--json");
        CliResult fromScaled = await Cli.RunAsync("predict", "--model", model, scaled);
        CliResult fromRaw = await Cli.RunAsync("predict", "--model", model, raw);

        evaluated.ExitCode.Should().Be(0, evaluated.ToString());
        evaluated.Error.Should().Contain("already scaled to [0, 1]").And.Contain("taken as pixels divided by 255");
        using JsonDocument figures = JsonDocument.Parse(evaluated.Output);
        figures.RootElement.GetProperty("accuracy").GetDouble().Should().BeGreaterThan(0.9);
        fromScaled.ExitCode.Should().Be(0, fromScaled.ToString());
        fromScaled.OutputLines.Select(l => string.Join(',', l.Split(',')[..2])).Should().Equal(fromRaw.OutputLines.Select(l => string.Join(',', l.Split(',')[..2])), "the same images, scaled or not");
    }

    [Fact]
    public async Task Predict_StandardizedValuesForAModelOfRawPixels_ExitsTwoSayingWhatItTakes()
    {
        string data = SyntheticDigits.WriteIdxFolder(_folder.File("data"));
        string run = _folder.File("run");
        (await Cli.RunAsync("--data", data, "--layers", "8", "--epochs", "1", "--output", run)).ExitCode.Should().Be(0);
        string standardized = _folder.WriteText("standardized.csv", string.Join(',', Enumerable.Range(0, 64).Select(i => ((i % 7) - 3.5).ToString(CultureInfo.InvariantCulture))) + "\n");

        CliResult result = await Cli.RunAsync("predict", "--model", Path.Combine(run, "model.nnet"), standardized);

        result.ExitCode.Should().Be(ExitCodes.Usage, result.ToString());
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain(standardized).And.Contain("already-scaled values").And.Contain("-3.5").And.Contain("0-255");
    }

    /// <summary>28×28 images of <paramref name="classes"/> classes, class c lighting the rows 2c..2c+5.</summary>
    private static void WriteBands(string images, string labels, int count, int classes)
    {
        var random = new Random(count);
        var pixels = new byte[count * 784];
        var classOf = new byte[count];
        for (int n = 0; n < count; n++)
        {
            classOf[n] = (byte)(n % classes);
            for (int i = 0; i < 784; i++)
            {
                int row = i / 28;
                pixels[(n * 784) + i] = (byte)(row >= 2 * classOf[n] && row < (2 * classOf[n]) + 6 ? random.Next(150, 256) : random.Next(0, 40));
            }
        }

        IdxWriter.Write(images, [count, 28, 28], pixels);
        IdxWriter.Write(labels, [count], classOf);
    }

    private static void RewriteLabels(string labels, Func<int, int> change)
    {
        int[] old = IdxReader.ReadLabels(labels);
        IdxWriter.Write(labels, [old.Length], [.. old.Select(l => (byte)change(l))]);
    }

    private static void RewriteCsvLabels(string csv, Func<int, int> change) =>
        File.WriteAllLines(csv, File.ReadAllLines(csv).Select(line =>
        {
            int comma = line.IndexOf(',', StringComparison.Ordinal);
            return change(int.Parse(line[..comma], CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture) + line[comma..];
        }));
}
