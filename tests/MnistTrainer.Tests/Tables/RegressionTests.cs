using System.Globalization;
using System.Text.Json;
using MnistTrainer.Tests.Support;

namespace MnistTrainer.Tests.Tables;

/// <summary>A regression through every command: a table whose target is a linear function of its features plus noise.</summary>
public sealed class RegressionTests : IDisposable
{
    private static readonly string[] Fast = ["--layers", "16", "--lr", "0.01", "--batch-size", "32"];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Train_TaskRegression_ReachesRSquaredAndReportsRegressionFigures()
    {
        string train = Support.Tables.WriteRegression(_folder.File("houses.csv"), 400, seed: 1);
        string run = _folder.File("run");

        CliResult result = await Cli.RunAsync(["train", "--train", train, "--label", "y", "--task", "regression", .. Fast, "--epochs", "60", "--output", run]);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain("3 features, 1 target").And.Contain("Task: regression").And.Contain("Test R²").And.Contain("RMSE").And.Contain("MAE");
        result.Output.Should().NotContain("accuracy").And.NotContain("acc ");
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
        JsonElement root = summary.RootElement;
        root.GetProperty("task").GetString().Should().Be("regression");
        root.GetProperty("test_r2").GetDouble().Should().BeGreaterThanOrEqualTo(0.95, "y is a linear function of the features plus a little noise");
        root.GetProperty("test_rmse").GetDouble().Should().BeInRange(0.3, 3, "the noise's deviation is 0.5 in a target spread over about 30");
        root.GetProperty("test_mae").GetDouble().Should().BeLessThan(root.GetProperty("test_rmse").GetDouble());
        root.GetProperty("test_accuracy").ValueKind.Should().Be(JsonValueKind.Null);
        root.TryGetProperty("per_class", out _).Should().BeFalse();
        root.GetProperty("configuration").GetProperty("layers").EnumerateArray().Select(e => e.GetInt32()).Should().Equal(3, 16, 1);
        root.GetProperty("configuration").GetProperty("output_activation").GetString().Should().Be("Identity");
        root.GetProperty("configuration").GetProperty("loss").GetString().Should().Be("MeanSquaredError");
        root.GetProperty("data").GetProperty("targets").GetInt32().Should().Be(1);
        root.GetProperty("data").GetProperty("feature_names").EnumerateArray().Select(e => e.GetString()).Should().Equal("a", "b", "c");
        File.Exists(Path.Combine(run, "loss.svg")).Should().BeTrue();
        File.Exists(Path.Combine(run, "loss.png")).Should().BeTrue();
        foreach (string picture in new[] { "accuracy.svg", "confusion.svg", "samples.svg", "accuracy.png", "confusion.png" })
        {
            File.Exists(Path.Combine(run, picture)).Should().BeFalse($"a regression has no {picture}");
        }

        File.ReadAllText(Path.Combine(run, "loss.svg")).Should().Contain("mean squared error");
    }

    [Fact]
    public async Task Train_TargetWithFractions_IsDetectedAsARegressionAndSaysSoBeforeTraining()
    {
        string train = Support.Tables.WriteRegression(_folder.File("t.csv"), 120, seed: 2);

        CliResult result = await Cli.RunAsync(["train", "--train", train, "--label", "y", .. Fast, "--epochs", "2", "--output", _folder.File("run")]);

        result.ExitCode.Should().Be(0, result.ToString());
        string task = result.OutputLines.Should().ContainSingle(l => l.StartsWith("Task:", StringComparison.Ordinal)).Which;
        task.Should().Contain("regression").And.Contain("detected").And.Contain("--task classification");
        result.Output.IndexOf("Task:", StringComparison.Ordinal).Should().BeLessThan(result.Output.IndexOf("epoch 1/2", StringComparison.Ordinal), "the task is stated before training");
    }

    [Fact]
    public async Task Train_WholeNumberTargetsWithTaskRegression_AreTargetsNotClasses()
    {
        string train = Support.Tables.WriteRegression(_folder.File("whole.csv"), 300, seed: 3, wholeTargets: true);
        string run = _folder.File("run");

        CliResult result = await Cli.RunAsync(["train", "--train", train, "--label", "y", "--task", "regression", .. Fast, "--epochs", "60", "--output", run]);

        result.ExitCode.Should().Be(0, result.ToString());
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
        summary.RootElement.GetProperty("test_r2").GetDouble().Should().BeGreaterThanOrEqualTo(0.95);
    }

    [Fact]
    public async Task Train_TargetsInTheHundredsOfThousands_AreStandardizedAndTheModelPredictsInTheirUnits()
    {
        // A house price: without standardized targets Adam would need millions of steps to move the output bias there.
        string train = Support.Tables.WriteRegression(_folder.File("prices.csv"), 400, seed: 4, offset: 250_000, scale: 5_000);
        string run = _folder.File("run");

        CliResult result = await Cli.RunAsync(["train", "--train", train, "--label", "y", .. Fast, "--epochs", "60", "--output", run]);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain("Targets standardized");
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
        summary.RootElement.GetProperty("test_r2").GetDouble().Should().BeGreaterThanOrEqualTo(0.95);
        summary.RootElement.GetProperty("data").GetProperty("target_means")[0].GetDouble().Should().BeInRange(250_000, 450_000);

        string rows = _folder.WriteText("new.csv", "a,b,c\n5,5,10\n9,1,0\n");
        CliResult predicted = await Cli.RunAsync("predict", "--model", Path.Combine(run, "model.nnet"), rows);

        predicted.ExitCode.Should().Be(0, predicted.ToString());
        predicted.OutputLines[0].Should().Be("index,value");
        double[] values = [.. predicted.OutputLines.Skip(1).Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture))];
        // The targets' deviation is about 54,000; a standardized number would be off by about 300,000.
        values[0].Should().BeApproximately(Support.Tables.Target(5, 5, 10, 250_000, 5_000), 10_000, "the model predicts prices, not standardized numbers");
        values[1].Should().BeApproximately(Support.Tables.Target(9, 1, 0, 250_000, 5_000), 10_000);
    }

    [Fact]
    public async Task EvaluateAndPredict_RegressionModel_GiveItsFiguresAndValues()
    {
        string train = Support.Tables.WriteRegression(_folder.File("train.csv"), 400, seed: 5);
        string run = _folder.File("run");
        (await Cli.RunAsync(["train", "--train", train, "--label", "y", .. Fast, "--epochs", "60", "--output", run])).ExitCode.Should().Be(0);
        string model = Path.Combine(run, "model.nnet");

        // Whole-number targets read as classes unless the model says it is a regression.
        string test = Support.Tables.WriteRegression(_folder.File("test.csv"), 60, seed: 6, wholeTargets: true);
        CliResult evaluated = await Cli.RunAsync("evaluate", "--model", model, "--test", test, "--label", "y");
        CliResult json = await Cli.RunAsync("evaluate", "--model", model, "--test", test, "--label", "y", "--json");
        CliResult predicted = await Cli.RunAsync("predict", "--model", model, test);

        evaluated.ExitCode.Should().Be(0, evaluated.ToString());
        evaluated.Output.Should().Contain("R²").And.Contain("RMSE").And.Contain("MAE").And.NotContain("Confusion");
        json.ExitCode.Should().Be(0, json.ToString());
        using JsonDocument figures = JsonDocument.Parse(json.Output);
        figures.RootElement.GetProperty("task").GetString().Should().Be("regression");
        figures.RootElement.GetProperty("samples").GetInt32().Should().Be(60);
        figures.RootElement.GetProperty("r2").GetDouble().Should().BeGreaterThanOrEqualTo(0.95);
        figures.RootElement.GetProperty("rmse").GetDouble().Should().BePositive();
        figures.RootElement.GetProperty("mae").GetDouble().Should().BePositive();
        predicted.ExitCode.Should().Be(0, predicted.ToString());
        predicted.OutputLines[0].Should().Be("index,value");
        predicted.OutputLines.Should().HaveCount(61);
    }

    [Fact]
    public async Task Predict_TableModel_ReadsTheColumnsByNameInAnyOrder()
    {
        string train = Support.Tables.WriteRegression(_folder.File("train.csv"), 300, seed: 7);
        string run = _folder.File("run");
        (await Cli.RunAsync(["train", "--train", train, "--label", "y", .. Fast, "--epochs", "20", "--output", run])).ExitCode.Should().Be(0);
        string ordered = Support.Tables.WriteRegression(_folder.File("ordered.csv"), 8, seed: 8, columns: "a,b,c");
        string shuffled = Support.Tables.WriteRegression(_folder.File("shuffled.csv"), 8, seed: 8, columns: "id,c,y,a,b");

        CliResult first = await Cli.RunAsync("predict", "--model", Path.Combine(run, "model.nnet"), ordered);
        CliResult second = await Cli.RunAsync("predict", "--model", Path.Combine(run, "model.nnet"), shuffled);

        first.ExitCode.Should().Be(0, first.ToString());
        second.ExitCode.Should().Be(0, second.ToString());
        second.OutputLines.Should().Equal(first.OutputLines, "the same samples, their columns in another order and an id and the label beside them");
    }

    [Fact]
    public async Task Predict_TableLackingAFeature_ExitsTwoNamingIt()
    {
        string train = Support.Tables.WriteRegression(_folder.File("train.csv"), 100, seed: 9);
        string run = _folder.File("run");
        (await Cli.RunAsync(["train", "--train", train, "--label", "y", .. Fast, "--epochs", "1", "--output", run])).ExitCode.Should().Be(0);
        string partial = _folder.WriteText("partial.csv", "a,c,d\n1,2,3\n");

        CliResult result = await Cli.RunAsync("predict", "--model", Path.Combine(run, "model.nnet"), partial);

        result.ExitCode.Should().Be(ExitCodes.Usage, result.ToString());
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain(partial).And.Contain("'b'").And.NotContain("FeatureColumns");
    }

    [Fact]
    public async Task Train_RegressionWithEarlyStopping_StopsOnTheValidationLossAndKeepsTheBestEpoch()
    {
        string train = Support.Tables.WriteRegression(_folder.File("train.csv"), 200, seed: 10, noise: 3);
        string run = _folder.File("run");

        CliResult result = await Cli.RunAsync(["train", "--train", train, "--label", "y", "--layers", "64", "--lr", "0.03", "--batch-size", "16", "--schedule", "constant", "--epochs", "400", "--validation", "40", "--early-stopping", "3", "--output", run]);

        result.ExitCode.Should().Be(0, result.ToString());
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
        JsonElement root = summary.RootElement;
        root.GetProperty("stop_reason").GetString().Should().Be("early_stopped");
        int epochs = root.GetProperty("epochs").GetInt32();
        epochs.Should().BeLessThan(400);
        root.GetProperty("best_epoch").GetInt32().Should().Be(epochs - 3, "three epochs without a better validation loss end the run");
        using JsonDocument history = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "history.json")));
        double[] losses = [.. history.RootElement.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("validation_loss").GetDouble())];
        losses.Min().Should().Be(losses[epochs - 4], "the best epoch is the one of the lowest validation loss");
    }

    [Fact]
    public async Task Tune_Regression_NamesTheRateOfTheLowestValidationLoss()
    {
        string train = Support.Tables.WriteRegression(_folder.File("train.csv"), 300, seed: 11);
        string run = _folder.File("sweep");

        CliResult result = await Cli.RunAsync("tune", "--train", train, "--label", "y", "--layers", "16", "--rates", "0.00001,0.01", "--epochs", "10", "--output", run);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain("Best learning rate: 0.01 (the lowest validation loss");
        string[] lines = File.ReadAllLines(Path.Combine(run, "lr-sweep.jsonl"));
        lines.Should().HaveCount(20);
        using JsonDocument last = JsonDocument.Parse(lines[^1]);
        last.RootElement.GetProperty("accuracy").ValueKind.Should().Be(JsonValueKind.Null, "a regression has no accuracy");
        last.RootElement.GetProperty("loss").GetDouble().Should().BePositive();
        File.ReadAllText(Path.Combine(run, "lr-sweep.svg")).Should().Contain("Validation loss against learning rate");
    }

    [Fact]
    public async Task Show_RegressionModel_ExitsTwoSayingWhatToUse()
    {
        string train = Support.Tables.WriteRegression(_folder.File("train.csv"), 60, seed: 12);
        string run = _folder.File("run");
        (await Cli.RunAsync(["train", "--train", train, "--label", "y", .. Fast, "--epochs", "1", "--output", run])).ExitCode.Should().Be(0);

        CliResult result = await Cli.RunAsync("show", "--model", Path.Combine(run, "model.nnet"), "--test", train);

        result.ExitCode.Should().Be(ExitCodes.Usage, result.ToString());
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("regression").And.Contain("'evaluate' or 'predict'");
    }
}
