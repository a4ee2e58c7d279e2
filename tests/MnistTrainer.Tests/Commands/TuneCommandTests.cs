using System.Text.Json;
using System.Xml.Linq;
using MnistTrainer.Tests.Support;

namespace MnistTrainer.Tests.Commands;

public sealed class TuneCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Tune_ThreeRates_WritesALinePerCandidateAndEpochAndNamesTheBest()
    {
        string data = SyntheticDigits.WriteIdxFolder(_folder.File("data"));
        string run = _folder.File("sweep");

        CliResult result = await Cli.RunAsync(
            "tune", "--data", data, "--layers", "16", "--rates", "0.0001,0.01,1e30", "--optimizer", "sgd", "--schedule", "constant", "--epochs", "2", "--output", run, "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        string[] lines = File.ReadAllLines(Path.Combine(run, "lr-sweep.jsonl"));
        lines.Should().Equal(result.OutputLines, "--json prints the same lines");
        JsonDocument[] rows = [.. lines.Select(line => JsonDocument.Parse(line))];
        rows.Where(r => !r.RootElement.GetProperty("diverged").GetBoolean()).Should().HaveCount(4, "two trained candidates of two epochs");
        rows.Should().ContainSingle(r => r.RootElement.GetProperty("diverged").GetBoolean())
            .Which.RootElement.GetProperty("learning_rate").GetSingle().Should().Be(1e30f);
        foreach (JsonDocument row in rows.Where(r => !r.RootElement.GetProperty("diverged").GetBoolean()))
        {
            row.RootElement.GetProperty("accuracy").GetDouble().Should().BeInRange(0, 1);
            row.RootElement.GetProperty("loss").GetDouble().Should().BePositive();
            row.RootElement.GetProperty("epoch").GetInt32().Should().BeOneOf(1, 2);
        }

        XDocument.Load(Path.Combine(run, "lr-sweep.svg")).Root!.Name.LocalName.Should().Be("svg");
        result.Error.Should().Contain("Best learning rate: 0.01");
    }

    [Fact]
    public async Task Tune_RatesAndLogRange_ExitsTwo()
    {
        CliResult result = await Cli.RunAsync("tune", "--rates", "0.1", "--log-range", "1e-3:1e-1:3");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("--rates").And.Contain("--log-range");
    }

    [Fact]
    public async Task Tune_BadLogRange_ExitsTwo()
    {
        CliResult result = await Cli.RunAsync("tune", "--log-range", "1e-1:1e-3:3");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("FROM:TO:COUNT");
    }
}
