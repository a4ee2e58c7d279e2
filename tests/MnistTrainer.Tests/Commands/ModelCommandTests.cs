using System.Text.Json;
using MnistTrainer.Tests.Support;

namespace MnistTrainer.Tests.Commands;

/// <summary><c>evaluate</c>, <c>show</c> and <c>export</c> on a model the CLI trained.</summary>
[Collection(TrainedModelCollection.Name)]
public sealed class ModelCommandTests(TrainedModel model)
{
    [Fact]
    public async Task Evaluate_IdxFolder_PrintsAccuracyConfusionAndPerClassFigures()
    {
        CliResult result = await Cli.RunAsync("evaluate", "--model", model.ModelPath, "--data", model.DataFolder);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain("Accuracy").And.Contain("Confusion matrix").And.Contain("precision").And.Contain("recall").And.Contain("F1");
    }

    [Fact]
    public async Task Evaluate_Json_GivesTheConfusionMatrix()
    {
        string csv = SyntheticDigits.WriteCsv(model.Folder.File("labelled.csv"), 30, seed: 21);

        CliResult result = await Cli.RunAsync("evaluate", "--model", model.ModelPath, "--test", csv, "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Output);
        json.RootElement.GetProperty("samples").GetInt32().Should().Be(30);
        json.RootElement.GetProperty("accuracy").GetDouble().Should().BeGreaterThan(0.9);
        json.RootElement.GetProperty("confusion").EnumerateArray().Sum(row => row.EnumerateArray().Sum(c => c.GetInt32())).Should().Be(30);
    }

    [Fact]
    public async Task Evaluate_TestSetWithOtherFeatures_ExitsTwoSayingTheArchitectureDoesNotFit()
    {
        string csv = model.Folder.WriteText("narrow.csv", "0,1,2,3,4\n1,5,6,7,8\n");

        CliResult result = await Cli.RunAsync("evaluate", "--model", model.ModelPath, "--test", csv);

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("64 features").And.Contain("has 4").And.Contain("does not fit");
    }

    [Fact]
    public async Task Show_Mistakes_DrawsDigitsWithLabels()
    {
        CliResult result = await Cli.RunAsync("show", "--model", model.ModelPath, "--data", model.DataFolder, "--count", "4");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain("#0 0→").And.Contain("#3 0→").And.ContainAny("█", "▀", "▄");
        result.Output.Should().Contain("4 images");
    }

    [Fact]
    public async Task Export_Onnx_WritesTheModel()
    {
        string onnx = model.Folder.File("model.onnx");

        CliResult result = await Cli.RunAsync("export", "--model", model.ModelPath, "--onnx", onnx);

        result.ExitCode.Should().Be(0, result.ToString());
        new FileInfo(onnx).Length.Should().BeGreaterThan(64 * 16 * 4, "the file holds the first layer's weights");
    }

    [Fact]
    public async Task Export_IntoAMissingFolder_ExitsTwo()
    {
        CliResult result = await Cli.RunAsync("export", "--model", model.ModelPath, "--onnx", model.Folder.File("no/such/folder/model.onnx"));

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("does not exist");
    }
}
