using System.Diagnostics;
using MnistTrainer.Tests.Support;
using NeuralNet.Serialization;

namespace MnistTrainer.Tests.Commands;

/// <summary>Every failure is one line on standard error: exit code 2 for usage and input errors, 1 for anything else.</summary>
public sealed class ErrorPathTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Train_MalformedCsv_ExitsTwoNamingTheFileAndLine()
    {
        string csv = SyntheticDigits.WriteCsv(_folder.File("train.csv"), 20, seed: 1);
        File.AppendAllText(csv, "1,2,3,oops\n");

        CliResult result = await Cli.RunAsync("--train", csv, "--output", _folder.File("run"));

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain(csv).And.Contain("line 21");
    }

    [Fact]
    public async Task Train_MissingTrainFile_ExitsTwo()
    {
        CliResult result = await Cli.RunAsync("--train", _folder.File("nothing.csv"), "--output", _folder.File("run"));

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("nothing.csv").And.Contain("no such file");
    }

    [Fact]
    public async Task Train_MalformedIdxFolder_ExitsTwoNamingTheFile()
    {
        string data = SyntheticDigits.WriteIdxFolder(_folder.File("data"));
        File.WriteAllBytes(Path.Combine(data, "train-labels-idx1-ubyte"), [0, 0, 8, 1, 0, 0]);

        CliResult result = await Cli.RunAsync("--data", data, "--output", _folder.File("run"));

        result.ExitCode.Should().Be(ExitCodes.Usage, result.ToString());
        result.ErrorLines.Should().ContainSingle(l => l.StartsWith("error:")).Which.Should().Contain("train-labels-idx1-ubyte");
    }

    [Fact]
    public async Task Train_OutputUnderARegularFile_ExitsTwoBeforeTraining()
    {
        string file = _folder.WriteText("plain-file", "not a folder");

        CliResult result = await Cli.RunAsync("--train", "never-read.csv", "--output", Path.Combine(file, "run"));

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("--output").And.Contain($"{file} is a file");
    }

    [Fact]
    public async Task Train_ImmutableOutputFolder_ExitsTwo()
    {
        if (!OperatingSystem.IsLinux() || !Run("chattr", "+i", _folder.Path))
        {
            return; // needs chattr and a file system that keeps the attribute, as the library's save tests
        }

        try
        {
            CliResult result = await Cli.RunAsync("--train", "never-read.csv", "--output", _folder.Path);

            result.ExitCode.Should().Be(ExitCodes.Usage);
            result.ErrorLines.Should().ContainSingle().Which.Should().Contain("--output").And.Contain("cannot be written");
        }
        finally
        {
            Run("chattr", "-i", _folder.Path);
        }
    }

    [Fact]
    public async Task Train_Diverging_ExitsOneWithTheTrainersMessage()
    {
        string csv = SyntheticDigits.WriteCsv(_folder.File("train.csv"), 60, seed: 2);

        CliResult result = await Cli.RunAsync("--train", csv, "--optimizer", "sgd", "--lr", "1e30", "--schedule", "constant", "--output", _folder.File("run"));

        result.ExitCode.Should().Be(ExitCodes.Failure, result.ToString());
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: Training diverged").And.Contain("smaller learning rate");
    }

    [Fact]
    public async Task Train_UnknownScheduleForm_ExitsTwo()
    {
        string csv = SyntheticDigits.WriteCsv(_folder.File("train.csv"), 30, seed: 3);

        CliResult result = await Cli.RunAsync("--train", csv, "--schedule", "zigzag", "--output", _folder.File("run"));

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("--schedule zigzag");
    }

    [Fact]
    public async Task Train_UnlabelledTrainingFile_ExitsTwo()
    {
        string csv = SyntheticDigits.WriteCsv(_folder.File("test.csv"), 30, seed: 4, labelled: false, header: true);

        CliResult result = await Cli.RunAsync("--train", csv, "--output", _folder.File("run"));

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("has no labels");
    }

    [Fact]
    public async Task Evaluate_MissingModel_ExitsTwo()
    {
        CliResult result = await Cli.RunAsync("evaluate", "--model", _folder.File("none.nnet"));

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("none.nnet");
    }

    [Fact]
    public async Task Evaluate_DamagedModel_ExitsTwoWithoutAStackTrace()
    {
        string model = _folder.WriteText("model.nnet", "this is not a model");

        CliResult result = await Cli.RunAsync("evaluate", "--model", model, "--test", "unused.csv");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain(model);
        result.Error.Should().NotContain(" at ");
    }

    [Fact]
    public async Task Evaluate_DamagedModelVerbose_ShowsTheStackTrace()
    {
        string model = _folder.WriteText("model.nnet", "this is not a model");

        CliResult result = await Cli.RunAsync("evaluate", "--model", model, "--verbose");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain("InvalidModelFileException").And.Contain(" at ");
    }

    private static bool Run(string program, params string[] arguments)
    {
        try
        {
            using Process process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
