using System.Text.RegularExpressions;
using MnistTrainer.Tests.Support;

namespace MnistTrainer.Tests.Commands;

[Collection(TrainedModelCollection.Name)]
public sealed partial class PredictCommandTests(TrainedModel model)
{
    [Fact]
    public async Task Predict_CsvRows_PrintsTheHeaderAndOneLinePerRow()
    {
        string csv = SyntheticDigits.WriteCsv(model.Folder.File("rows.csv"), 12, seed: 11);

        CliResult result = await Cli.RunAsync("predict", "--model", model.ModelPath, csv);

        result.ExitCode.Should().Be(0, result.ToString());
        result.OutputLines[0].Should().Be("index,label,probability");
        result.OutputLines.Skip(1).Should().HaveCount(12).And.AllSatisfy(line => PredictionLine().IsMatch(line).Should().BeTrue(line));
        result.OutputLines.Skip(1).Select(line => line.Split(',')[0]).Should().Equal(Enumerable.Range(0, 12).Select(i => i.ToString()));
        result.OutputLines.Skip(1).Select(line => line.Split(',')[1]).Should().Equal(Enumerable.Range(0, 12).Select(i => (i % 3).ToString()), "the model learned the bands");
    }

    [Fact]
    public async Task Predict_IdxImagesWithRange_PrintsOnlyTheRange()
    {
        string images = Path.Combine(model.DataFolder, "t10k-images-idx3-ubyte");

        CliResult result = await Cli.RunAsync("predict", "--model", model.ModelPath, images, "--range", "10..15");

        result.ExitCode.Should().Be(0, result.ToString());
        result.OutputLines.Skip(1).Select(line => line.Split(',')[0]).Should().Equal("10", "11", "12", "13", "14");
    }

    [Fact]
    public async Task Predict_KaggleTestCsv_WritesASubmission()
    {
        string test = SyntheticDigits.WriteCsv(model.Folder.File("kaggle-test.csv"), 9, seed: 12, labelled: false, header: true);
        string submission = model.Folder.File("submission.csv");

        CliResult result = await Cli.RunAsync("predict", "--model", model.ModelPath, test, "--submission", submission);

        result.ExitCode.Should().Be(0, result.ToString());
        string[] lines = File.ReadAllLines(submission);
        lines[0].Should().Be("ImageId,Label");
        lines.Skip(1).Should().Equal(Enumerable.Range(0, 9).Select(i => $"{i + 1},{i % 3}"));
        result.Error.Should().Contain("Wrote 9 predictions");
    }

    [Fact]
    public async Task Predict_MalformedCsv_ExitsTwoNamingTheFileAndLine()
    {
        string csv = SyntheticDigits.WriteCsv(model.Folder.File("broken.csv"), 4, seed: 13);
        File.AppendAllText(csv, string.Join(',', Enumerable.Repeat("999", 65)) + "\n");

        CliResult result = await Cli.RunAsync("predict", "--model", model.ModelPath, csv);

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain(csv).And.Contain("line 5");
    }

    [Fact]
    public async Task Predict_ImagesOfAnotherSize_ExitsTwoSayingTheArchitectureDoesNotFit()
    {
        string images = model.Folder.File("ten-by-ten-images-idx3-ubyte");
        NeuralNet.Data.IdxWriter.Write(images, [2, 10, 10], new byte[200]);

        CliResult result = await Cli.RunAsync("predict", "--model", model.ModelPath, images);

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("64 features").And.Contain("does not fit");
    }

    [Fact]
    public async Task Predict_RangeBeyondTheInputs_ExitsTwo()
    {
        string csv = SyntheticDigits.WriteCsv(model.Folder.File("few.csv"), 3, seed: 14);

        CliResult result = await Cli.RunAsync("predict", "--model", model.ModelPath, csv, "--range", "5..9");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("--range");
    }

    [GeneratedRegex(@"^\d+,\d+,[01]\.\d{6}$")]
    private static partial Regex PredictionLine();
}
