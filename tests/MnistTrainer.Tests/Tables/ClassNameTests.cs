using System.Text.Json;
using System.Xml.Linq;
using MnistTrainer.Tests.Support;
using NeuralNet;
using NeuralNet.Serialization;

namespace MnistTrainer.Tests.Tables;

/// <summary>Class names from a table's string labels or from <c>--class-names</c>: kept in the model file and used by every later command.</summary>
public sealed class ClassNameTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task TableWithStringLabels_TrainEvaluatePredict_SpeakOfTheClassesByName()
    {
        string train = Support.Tables.WriteClasses(_folder.File("shapes.csv"), 300, seed: 1);
        string test = Support.Tables.WriteClasses(_folder.File("shapes-test.csv"), 30, seed: 2);
        string run = _folder.File("run");

        CliResult trained = await Cli.RunAsync("train", "--train", train, "--test", test, "--label", "kind", "--layers", "8", "--lr", "0.01", "--epochs", "20", "--output", run);
        string model = Path.Combine(run, "model.nnet");
        CliResult evaluated = await Cli.RunAsync("evaluate", "--model", model, "--test", test, "--label", "kind");
        CliResult json = await Cli.RunAsync("evaluate", "--model", model, "--test", test, "--label", "kind", "--json");
        CliResult predicted = await Cli.RunAsync("predict", "--model", model, test);

        trained.ExitCode.Should().Be(0, trained.ToString());
        Network.Load(model).ClassNames.Should().Equal("long", "round", "wide");
        using (JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json"))))
        {
            summary.RootElement.GetProperty("per_class").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Should().Equal("long", "round", "wide");
            summary.RootElement.GetProperty("data").GetProperty("class_names").EnumerateArray().Select(c => c.GetString()).Should().Equal("long", "round", "wide");
        }

        XDocument heatmap = XDocument.Load(Path.Combine(run, "confusion.svg"));
        heatmap.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).Should().Contain(["long", "round", "wide"]);
        File.Exists(Path.Combine(run, "samples.svg")).Should().BeFalse("two columns of a table are not a picture");

        evaluated.ExitCode.Should().Be(0, evaluated.ToString());
        evaluated.Output.Should().Contain("│ long ").And.Contain("│ round ").And.Contain("│ wide ");
        using (JsonDocument figures = JsonDocument.Parse(json.Output))
        {
            figures.RootElement.GetProperty("class_names").EnumerateArray().Select(c => c.GetString()).Should().Equal("long", "round", "wide");
            figures.RootElement.GetProperty("accuracy").GetDouble().Should().BeGreaterThan(0.9);
        }

        predicted.ExitCode.Should().Be(0, predicted.ToString());
        predicted.OutputLines[0].Should().Be("index,label,probability");
        predicted.OutputLines.Skip(1).Take(6).Select(l => l.Split(',')[1]).Should().Equal("long", "round", "wide", "long", "round", "wide");
    }

    [Fact]
    public async Task ClassNamesGivenOnceAtTraining_AreUsedByEvaluateShowAndPredict()
    {
        string data = SyntheticDigits.WriteIdxFolder(_folder.File("data"));
        string run = _folder.File("run");
        CliResult trained = await Cli.RunAsync("train", "--data", data, "--class-names", "top,middle,bottom", "--layers", "16", "--epochs", "10", "--output", run);
        trained.ExitCode.Should().Be(0, trained.ToString());
        string model = Path.Combine(run, "model.nnet");
        string image = SyntheticDigits.WriteImage(_folder.File("digit.png"), label: 2, seed: 5);
        string csv = SyntheticDigits.WriteCsv(_folder.File("rows.csv"), 3, seed: 6);

        CliResult evaluated = await Cli.RunAsync("evaluate", "--model", model, "--data", data, "--json");
        CliResult shown = await Cli.RunAsync("show", "--model", model, "--data", data, "--count", "3");
        CliResult rows = await Cli.RunAsync("predict", "--model", model, csv);
        CliResult picture = await Cli.RunAsync("predict", "--model", model, "--image-fit", "stretch", image);

        evaluated.ExitCode.Should().Be(0, evaluated.ToString());
        using (JsonDocument figures = JsonDocument.Parse(evaluated.Output))
        {
            figures.RootElement.GetProperty("per_class").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Should().Equal("top", "middle", "bottom");
        }

        shown.ExitCode.Should().Be(0, shown.ToString());
        shown.Output.Should().Contain("#0 top→");
        rows.OutputLines.Skip(1).Select(l => l.Split(',')[1]).Should().Equal("top", "middle", "bottom");
        picture.ExitCode.Should().Be(0, picture.ToString());
        picture.OutputLines.Should().HaveCount(2).And.Subject.Last().Should().StartWith($"{image},bottom,");
    }

    [Fact]
    public async Task Evaluate_ClassNamesThatContradictTheModel_ExitsTwoNamingBoth()
    {
        string data = SyntheticDigits.WriteIdxFolder(_folder.File("data"));
        string run = _folder.File("run");
        (await Cli.RunAsync("train", "--data", data, "--class-names", "top,middle,bottom", "--layers", "8", "--epochs", "1", "--output", run)).ExitCode.Should().Be(0);

        CliResult result = await Cli.RunAsync("evaluate", "--model", Path.Combine(run, "model.nnet"), "--data", data, "--class-names", "a,b,c");

        result.ExitCode.Should().Be(ExitCodes.Usage, result.ToString());
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("--class-names a,b,c").And.Contain("top,middle,bottom");
    }

    [Fact]
    public async Task Predict_ClassNamesWithEscapeSequences_ArePrintedEscaped()
    {
        // A name such as this one, from a file or a command line, would turn the terminal red and clear the screen.
        string data = SyntheticDigits.WriteIdxFolder(_folder.File("data"));
        string run = _folder.File("run");
        (await Cli.RunAsync("train", "--data", data, "--class-names", "top\u001b[31m\u001b[2J,middle,bottom", "--layers", "16", "--epochs", "10", "--output", run)).ExitCode.Should().Be(0);
        string csv = SyntheticDigits.WriteCsv(_folder.File("rows.csv"), 3, seed: 7);

        CliResult predicted = await Cli.RunAsync("predict", "--model", Path.Combine(run, "model.nnet"), csv);
        CliResult evaluated = await Cli.RunAsync("evaluate", "--model", Path.Combine(run, "model.nnet"), "--data", data);

        predicted.ExitCode.Should().Be(0, predicted.ToString());
        predicted.Output.Should().NotContain("\u001b").And.Contain("top\\x1B[31m\\x1B[2J,");
        evaluated.ExitCode.Should().Be(0, evaluated.ToString());
        evaluated.Output.Should().NotContain("\u001b").And.Contain("top\\x1B[31m");
        Network.Load(Path.Combine(run, "model.nnet")).ClassNames![0].Should().Be("top\u001b[31m\u001b[2J", "the model keeps the name as given; only the terminal gets it escaped");
    }

    [Fact]
    public async Task Predict_TableNameWithAComma_IsQuotedAsACsvField()
    {
        string train = Support.Tables.WriteClasses(_folder.File("shapes.csv"), 150, seed: 3, names: ["\"long, thin\"", "round", "wide"]);
        string run = _folder.File("run");
        (await Cli.RunAsync("train", "--train", train, "--label", "kind", "--layers", "8", "--lr", "0.01", "--epochs", "20", "--output", run)).ExitCode.Should().Be(0);
        string rows = _folder.WriteText("rows.csv", "length,width\n9,2\n");

        CliResult predicted = await Cli.RunAsync("predict", "--model", Path.Combine(run, "model.nnet"), rows);

        predicted.ExitCode.Should().Be(0, predicted.ToString());
        predicted.OutputLines[1].Should().StartWith("0,\"long, thin\",");
    }
}
