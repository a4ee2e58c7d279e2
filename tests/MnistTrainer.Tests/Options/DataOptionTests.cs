using System.Globalization;
using System.Text;
using System.Text.Json;
using MnistTrainer.Tests.Support;

namespace MnistTrainer.Tests.Options;

/// <summary>The data options for the user's own tables and folders: --label, --class-names, --task, --download.</summary>
public sealed class DataOptionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Two well-separated classes named by strings, the label in the middle of the row.</summary>
    private string WriteTable(string name, int rows, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("width,kind,height\n");
        for (int i = 0; i < rows; i++)
        {
            bool big = i % 2 == 0;
            double w = (big ? 8 : 2) + random.NextDouble();
            double h = (big ? 30 : 10) + random.NextDouble();
            text.Append(CultureInfo.InvariantCulture, $"{w:F3},{(big ? "large" : "small")},{h:F3}\n");
        }

        return _folder.WriteText(name, text.ToString());
    }

    [Fact]
    public async Task Train_TableWithNamedLabelColumn_TrainsOnItsStringClasses()
    {
        string train = WriteTable("train.csv", 200, seed: 1);
        string test = WriteTable("test.csv", 40, seed: 2);
        string run = _folder.File("run");

        CliResult result = await Cli.RunAsync("--train", train, "--test", test, "--label", "kind", "--layers", "8", "--epochs", "3", "--validation", "20", "--output", run, "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
        summary.RootElement.GetProperty("data").GetProperty("classes").GetInt32().Should().Be(2);
        summary.RootElement.GetProperty("data").GetProperty("features").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task Train_TableWithoutLabel_ExitsTwoSuggestingTheLabelOption()
    {
        string train = WriteTable("train.csv", 20, seed: 1);

        CliResult result = await Cli.RunAsync("--train", train, "--output", _folder.File("run"));

        result.ExitCode.Should().Be(2, result.ToString());
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("kind").And.Contain("LabelColumn");
    }

    [Fact]
    public async Task Train_MistypedDataFolder_IsNotCreatedOrFilled()
    {
        string missing = _folder.File("mnsit");

        CliResult result = await Cli.RunAsync("--data", missing, "--output", _folder.File("run"));

        result.ExitCode.Should().Be(2, result.ToString());
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("no such folder").And.Contain("--download");
        Directory.Exists(missing).Should().BeFalse();
    }

    [Fact]
    public async Task Train_ClassNamesForTheWrongCount_ExitsTwo()
    {
        string data = SyntheticDigits.WriteIdxFolder(_folder.File("data"));

        CliResult result = await Cli.RunAsync("--data", data, "--class-names", "a,b", "--output", _folder.File("run"));

        result.ExitCode.Should().Be(2, result.ToString());
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("--class-names gives 2 names").And.Contain("3 classes");
    }

    [Fact]
    public async Task Train_UnknownTask_ExitsTwo()
    {
        CliResult result = await Cli.RunAsync("--train", "x.csv", "--task", "clustering", "--output", _folder.File("run"));

        result.ExitCode.Should().Be(2, result.ToString());
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("--task clustering");
    }
}
