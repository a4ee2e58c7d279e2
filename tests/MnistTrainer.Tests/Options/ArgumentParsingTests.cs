using MnistTrainer.Options;
using MnistTrainer.Tests.Support;

namespace MnistTrainer.Tests.Options;

public sealed class ArgumentParsingTests
{
    [Fact]
    public void WithDefaultCommand_NoArguments_IsTrain() =>
        CommandLineApp.WithDefaultCommand([]).Should().Equal("train");

    [Fact]
    public void WithDefaultCommand_OptionsFirst_TrainsWithThem() =>
        CommandLineApp.WithDefaultCommand(["--epochs", "3"]).Should().Equal("train", "--epochs", "3");

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("--version")]
    [InlineData("evaluate")]
    public void WithDefaultCommand_HelpOrCommand_IsLeftAlone(string first) =>
        CommandLineApp.WithDefaultCommand([first]).Should().Equal(first);

    [Fact]
    public async Task Run_Help_ListsEveryCommand()
    {
        CliResult result = await Cli.RunAsync("--help");

        result.ExitCode.Should().Be(0);
        result.Output.Should().ContainAll("train", "evaluate", "predict", "tune", "show", "export");
    }

    [Fact]
    public async Task Run_TrainHelp_ListsTrainingOptions()
    {
        CliResult result = await Cli.RunAsync("train", "--help");

        result.ExitCode.Should().Be(0);
        result.Output.Should().ContainAll("--layers", "--optimizer", "--batch-size", "--schedule", "--resume", "--output", "--json");
    }

    [Fact]
    public async Task Run_UnknownOptimizer_ExitsTwoWithOneLineNamingIt()
    {
        CliResult result = await Cli.RunAsync("--optimizer", "adagrad");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("--optimizer").And.Contain("adagrad").And.Contain("adam");
        result.Output.Should().BeEmpty();
    }

    [Theory]
    [InlineData("--activation", "softplus")]
    [InlineData("--init", "orthogonal")]
    [InlineData("--layers", "128,x")]
    [InlineData("--layers", "0")]
    [InlineData("--batch-size", "half")]
    [InlineData("--epochs", "many")]
    public async Task Run_BadOptionValue_ExitsTwoWithOneLine(string option, string value)
    {
        CliResult result = await Cli.RunAsync(option, value);

        result.ExitCode.Should().Be(ExitCodes.Usage, result.ToString());
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error:").And.Contain(value);
    }

    [Theory]
    [InlineData("--epochs", "0")]
    [InlineData("--dropout", "1")]
    [InlineData("--lr", "-0.1")]
    [InlineData("--validation", "-5")]
    public async Task Run_ValueOutOfRange_ExitsTwoNamingTheOption(string option, string value)
    {
        CliResult result = await Cli.RunAsync(option, value, "--output", Path.Combine(Path.GetTempPath(), "never-created"));

        result.ExitCode.Should().Be(ExitCodes.Usage, result.ToString());
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain(option);
    }

    [Fact]
    public async Task Run_EpochsAndIterations_ExitsTwo()
    {
        CliResult result = await Cli.RunAsync("--epochs", "3", "--iterations", "500");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("--epochs").And.Contain("--iterations");
    }

    [Fact]
    public async Task Run_DataAndTrainFile_ExitsTwo()
    {
        CliResult result = await Cli.RunAsync("--data", "somewhere", "--train", "train.csv");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("--data").And.Contain("--train");
    }

    [Fact]
    public async Task Run_UnknownCommand_ExitsTwo()
    {
        CliResult result = await Cli.RunAsync("trian");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("trian");
    }

    [Fact]
    public async Task Run_PredictWithoutModel_ExitsTwo()
    {
        CliResult result = await Cli.RunAsync("predict", "input.csv");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("--model");
    }

    [Theory]
    [InlineData("0..100", 0, 100)]
    [InlineData("500..", 500, null)]
    [InlineData("..10", 0, 10)]
    [InlineData("7", 7, 8)]
    public void IndexRange_TryParse_ReadsTheForms(string text, int start, int? end)
    {
        IndexRange.TryParse(text, out IndexRange range).Should().BeTrue();

        range.Should().Be(new IndexRange(start, end));
    }

    [Theory]
    [InlineData("10..5")]
    [InlineData("a..b")]
    [InlineData("-1")]
    public void IndexRange_TryParse_RejectsNonsense(string text) =>
        IndexRange.TryParse(text, out _).Should().BeFalse();

    [Fact]
    public void LogSpace_SevenPointsOverThreeDecades_EndsAtBothBounds() =>
        OptionParsers.LogSpace(1e-4f, 1e-1f, 7).Should().Equal(1e-4f, 3.16e-4f, 1e-3f, 3.16e-3f, 1e-2f, 3.16e-2f, 1e-1f);

    [Fact]
    public void ResumeCommandLine_ReplacesOutputAndResume_KeepsTheRest()
    {
        string line = MnistTrainer.Runs.ResumeCommandLine.For(
            ["train", "--data", "my data", "--output", "old", "--resume", "x.nnc", "--epochs", "3"], "/runs/a", "/runs/a/checkpoint-epoch-2.nnc");

        line.Should().EndWith("train --data 'my data' --epochs 3 --output /runs/a --resume /runs/a/checkpoint-epoch-2.nnc");
    }
}
