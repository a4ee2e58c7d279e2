using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MnistTrainer.Options;
using MnistTrainer.Tests.Support;

namespace MnistTrainer.Tests.Options;

/// <summary>The command line reads and writes numbers the same under every culture: German, French and Turkish machines get byte-identical results.</summary>
/// <remarks>
/// In 0.1.0, under a German locale <c>--lr 0.001</c> trained with a learning rate of 1 (the dot is the thousands
/// separator there) and <c>0,5</c> was read as 5 everywhere. The in-process tests set the thread's culture; one test
/// starts the program with <c>LANG=de_DE.UTF-8</c>, which .NET reads for its culture (through ICU, whether or not
/// the system has the locale installed).
/// </remarks>
[Collection(TrainedModelCollection.Name)]
public sealed partial class CultureTests(TrainedModel model) : IDisposable
{
    public static readonly TheoryData<string> Cultures = new() { "de-DE", "fr-FR", "tr-TR" };

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [MemberData(nameof(Cultures))]
    public void NumberRange_DotDecimalUnderAnyCulture_ReadsTheInvariantValue(string culture)
    {
        using var scope = new CultureScope(culture);

        NumberRange.Positive("0.001").TryRead("0.001", out double rate, out _, out _).Should().BeTrue();
        rate.Should().Be(0.001);
        NumberRange.Positive("0.001").TryRead("1e-3", out double exponent, out _, out _).Should().BeTrue();
        exponent.Should().Be(0.001);
    }

    [Theory]
    [InlineData("0,5")]
    [InlineData("1,000")]
    [InlineData("0.001,")]
    public void NumberRange_Comma_IsRefusedSayingWhy(string text)
    {
        using var scope = new CultureScope("de-DE");

        NumberRange.Real(0, 1, maximumExclusive: true, "0.5").TryRead(text, out _, out _, out string problem).Should().BeFalse();
        problem.Should().Contain("decimal point is '.'");
    }

    [Theory]
    [InlineData("step:5:0,5", "gamma")]
    [InlineData("exp:0,95", "gamma")]
    [InlineData("cosine:period=99999999999", "too large")]
    public async Task Train_ScheduleWithADecimalCommaOrAHugeCount_IsRefusedSayingWhy(string schedule, string fact)
    {
        CliResult result;
        using (new CultureScope("de-DE"))
        {
            result = await Cli.RunAsync("--data", model.DataFolder, "--layers", "8", "--epochs", "1", "--schedule", schedule, "--output", _folder.File("run"));
        }

        result.ExitCode.Should().Be(ExitCodes.Usage, result.ToString());
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith($"error: --schedule {schedule}:").And.Contain(fact)
            .And.Match(schedule.Contains(',') ? "*decimal point is '.'*" : "*");
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public async Task Train_UnderCulture_GivesTheInvariantRunByteForByte(string culture)
    {
        (string invariantOutput, byte[] invariantModel, string invariantSummary) = await TrainAsync(null, "invariant");
        (string output, byte[] trained, string summary) = await TrainAsync(culture, culture);

        trained.Should().Equal(invariantModel, "the same options train the same network");
        summary.Should().Be(invariantSummary);
        output.Should().Be(invariantOutput);
        using JsonDocument json = JsonDocument.Parse(summary);
        json.RootElement.GetProperty("configuration").GetProperty("learning_rate").GetDouble().Should().BeApproximately(0.003, 1e-9, "--lr 0.003 is 0.003 in every language");
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public async Task ModelCommands_UnderCulture_PrintTheInvariantOutput(string culture)
    {
        string csv = SyntheticDigits.WriteCsv(_folder.File("rows.csv"), 12, seed: 41);
        string[][] commands =
        [
            ["predict", "--model", model.ModelPath, csv],
            ["evaluate", "--model", model.ModelPath, "--data", model.DataFolder, "--json"],
            ["evaluate", "--model", model.ModelPath, "--data", model.DataFolder],
            ["show", "--model", model.ModelPath, "--data", model.DataFolder, "--count", "3"],
            ["--lr", "0,5"],
            ["--dropout", "0.5.1"],
            ["--epochs", "1.000"],
            ["tune", "--log-range", "1e-4:1e-1:9999"],

            // The parser's own messages, which it has in German, French and Turkish too.
            ["--lr"],
            ["evaluate"],
        ];
        foreach (string[] command in commands)
        {
            CliResult invariant = await Cli.RunAsync(command);
            CliResult localized;
            using (new CultureScope(culture))
            {
                localized = await Cli.RunAsync(command);
            }

            localized.Should().Be(invariant, string.Join(' ', command));
        }
    }

    [Fact]
    public async Task Choices_UpperCaseUnderTurkish_AreTheSameNames()
    {
        // Turkish lowers 'I' to a dotless 'ı': "SIGMOID".ToLower() is "sıgmoıd" there.
        CliResult result;
        using (new CultureScope("tr-TR"))
        {
            result = await Cli.RunAsync("--data", model.DataFolder, "--layers", "8", "--epochs", "1", "--activation", "SIGMOID", "--init", "XAVIER", "--optimizer", "ADAMW", "--schedule", "CONSTANT", "--output", _folder.File("run"));
        }

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain("AdamW").And.Contain("constant");
    }

    [Fact]
    public async Task Train_ChildProcessWithGermanLocale_ReadsTheRateAndWritesTheInvariantRun()
    {
        (_, byte[] invariantModel, string invariantSummary) = await TrainAsync(null, "in-process");
        string run = _folder.File("child-de");
        var german = new Dictionary<string, string?> { ["LANG"] = "de_DE.UTF-8", ["LC_ALL"] = "de_DE.UTF-8", ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = null };

        CliResult result = await CliProcess.RunAsync([.. TrainArguments(run)], german);

        result.ExitCode.Should().Be(0, result.ToString());
        File.ReadAllBytes(Path.Combine(run, "model.nnet")).Should().Equal(invariantModel);
        Comparable(File.ReadAllText(Path.Combine(run, "summary.json")), run, json: true).Should().Be(invariantSummary);
        CliResult predicted = await CliProcess.RunAsync(["predict", "--model", Path.Combine(run, "model.nnet"), Path.Combine(model.DataFolder, "t10k-images-idx3-ubyte"), "--range", "0..5"], german);
        predicted.Output.Should().MatchRegex(@"^index,label,probability\n(\d+,\d,[01]\.\d{6}\n){5}$", "probabilities keep their decimal point");
    }

    private string[] TrainArguments(string run) =>
        ["train", "--data", model.DataFolder, "--layers", "8", "--epochs", "2", "--lr", "0.003", "--dropout", "0.25", "--weight-decay", "1e-4", "--validation", "30", "--seed", "3", "--output", run];

    /// <summary>Trains under <paramref name="culture"/> (null: the test's own) and returns what can be compared: the printed text and the summary with the times and the run's folder masked, and the model's bytes.</summary>
    private async Task<(string Output, byte[] Model, string Summary)> TrainAsync(string? culture, string name)
    {
        string run = _folder.File($"run-{name}-{Guid.NewGuid():N}");
        CliResult result;
        using (culture is null ? null : new CultureScope(culture))
        {
            result = await Cli.RunAsync(TrainArguments(run));
        }

        result.ExitCode.Should().Be(0, result.ToString());
        return (Comparable(result.Output, run), File.ReadAllBytes(Path.Combine(run, "model.nnet")), Comparable(File.ReadAllText(Path.Combine(run, "summary.json")), run, json: true));
    }

    /// <summary>The text with the run's folder and every measured time or speed replaced by placeholders.</summary>
    private static string Comparable(string text, string run, bool json = false)
    {
        string masked = text.Replace(run, "{run}", StringComparison.Ordinal);
        if (json)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(masked)!.AsObject();
            foreach (string measured in new[] { "train_seconds", "wall_seconds", "samples_per_second", "backend" })
            {
                node.Remove(measured);
            }

            return node.ToJsonString();
        }

        masked = Timing().Replace(masked, "{time}");

        // The tables' columns are as wide as their widest figure, a time among them: compare the cells, not the padding.
        masked = Padding().Replace(masked, " ");

        // The history table's speed column is a bare figure, just before the time column.
        return SpeedCell().Replace(masked, "{time}");
    }

    [GeneratedRegex(@"[\d,.]+ samples/s|\d+\.\d s\b|ETA [\d:-]+|Compute backend: .*")]
    private static partial Regex Timing();

    [GeneratedRegex(@"[\d,]+(?= │ \{time\} │)")]
    private static partial Regex SpeedCell();

    [GeneratedRegex("[ ─]+")]
    private static partial Regex Padding();

    /// <summary>Sets the thread's culture and UI culture for a block, as a user's machine would have them.</summary>
    private sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
        private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

        public CultureScope(string name)
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
        }

        public void Dispose()
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _uiCulture;
        }
    }
}
