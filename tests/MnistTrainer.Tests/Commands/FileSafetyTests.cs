using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Xml.Linq;
using MnistTrainer.Runs;
using MnistTrainer.Tests.Support;
using NeuralNet;
using NeuralNet.Serialization;
using NeuralNet.Training;
using Xunit.Abstractions;

namespace MnistTrainer.Tests.Commands;

/// <summary>Nothing the CLI writes is ever half-written or mixed, and nothing it reads is written over: full disks, kill -9, two processes, outputs that are inputs, odd paths.</summary>
[Collection(TrainedModelCollection.Name)]
public sealed class FileSafetyTests(TrainedModel model, ITestOutputHelper log) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task PredictSubmission_DiskFills_ExitsTwoAndKeepsThePreviousSubmission()
    {
        using Tmpfs? disk = Tmpfs.TryMount(_folder.Path, "256k", readOnly: false, out string reason);
        if (disk is null)
        {
            log.WriteLine($"Not run: {reason}.");
            return;
        }

        string submission = Path.Combine(disk.Path, "submission.csv");
        string few = SyntheticDigits.WriteCsv(_folder.File("few.csv"), 5, seed: 51, labelled: false, header: true);
        (await Cli.RunAsync("predict", "--model", model.ModelPath, few, "--submission", submission)).ExitCode.Should().Be(0);
        byte[] previous = File.ReadAllBytes(submission);
        string many = SyntheticDigits.WriteCsv(_folder.File("many.csv"), 3000, seed: 52, labelled: false, header: true);
        disk.Fill(free: 8192);

        CliResult result = await Cli.RunAsync("predict", "--model", model.ModelPath, many, "--submission", submission);

        result.ExitCode.Should().Be(ExitCodes.Usage, result.ToString());
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain(submission).And.Contain("No space left on device").And.Contain("unchanged");
        File.ReadAllBytes(submission).Should().Equal(previous, "the earlier submission is whole");
        Directory.GetFiles(disk.Path, "*.tmp", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Fact]
    public async Task Train_DiskFillsWhileWritingTheReport_ExitsTwoAndEveryFileIsWhole()
    {
        using Tmpfs? disk = Tmpfs.TryMount(_folder.Path, "1m", readOnly: false, out string reason);
        if (disk is null)
        {
            log.WriteLine($"Not run: {reason}.");
            return;
        }

        string run = Path.Combine(disk.Path, "run");
        (await Cli.RunAsync("--data", model.DataFolder, "--layers", "8", "--epochs", "1", "--output", run)).ExitCode.Should().Be(0);
        disk.Fill(free: 12_000);

        CliResult result = await Cli.RunAsync("--data", model.DataFolder, "--layers", "16", "--epochs", "1", "--output", run);

        result.ExitCode.Should().Be(ExitCodes.Usage, result.ToString());
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("No space left on device");
        ReportFilesAreWhole(run);
    }

    [Fact]
    public async Task Train_ReadOnlyOutputFolder_ExitsTwoBeforeTraining()
    {
        using Tmpfs? disk = Tmpfs.TryMount(_folder.Path, "64k", readOnly: true, out string reason);
        if (disk is null)
        {
            log.WriteLine($"Not run: {reason}.");
            return;
        }

        CliResult result = await Cli.RunAsync("--data", model.DataFolder, "--layers", "8", "--epochs", "1", "--output", disk.Path);

        result.ExitCode.Should().Be(ExitCodes.Usage, result.ToString());
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("--output").And.Contain("cannot be written");
        result.Output.Should().NotContain("epoch", "nothing is trained for a report that cannot be written");
    }

    [Fact]
    public async Task Train_KilledAtAnyMoment_LeavesEveryFileOfTheFolderWhole()
    {
        string run = _folder.File("run");
        string[] args = ["train", "--data", model.DataFolder, "--layers", "32", "--epochs", "3", "--checkpoint-every", "1", "--output", run];
        (await Cli.RunAsync(args)).ExitCode.Should().Be(0, "a first run leaves a whole report to be replaced");

        // Kill the second run at the end of its first epoch (a checkpoint is being written) and in the report's writing.
        foreach ((string line, int delay) in new[] { ("epoch 1/3", 0), ("epoch 3/3", 0), ("epoch 3/3", 25) })
        {
            using Process process = CliProcess.Start(args);
            await WaitForLineAsync(process, line, TimeSpan.FromSeconds(30));
            await Task.Delay(delay);
            process.Kill();
            await process.WaitForExitAsync();

            ReportFilesAreWhole(run);
        }
    }

    [Fact]
    public async Task Train_SecondProcessOnTheSameFolder_IsRefusedAndTheFolderIsFreeAfterKill9()
    {
        string run = _folder.File("shared-run");
        using Process first = CliProcess.Start(["train", "--data", model.DataFolder, "--layers", "8", "--epochs", "1000000", "--output", run]);
        try
        {
            await WaitForLineAsync(first, "Network:", TimeSpan.FromSeconds(30));
            string[] before = Directory.GetFileSystemEntries(run);

            CliResult second = await Cli.RunAsync("--data", model.DataFolder, "--layers", "8", "--epochs", "1", "--output", run);

            second.ExitCode.Should().Be(ExitCodes.Usage, second.ToString());
            second.ErrorLines.Should().ContainSingle().Which.Should().Contain("is in use").And.Contain("another MnistTrainer process");
            Directory.GetFileSystemEntries(run).Should().BeEquivalentTo(before, "the refused run wrote nothing");
        }
        finally
        {
            first.Kill();
            await first.WaitForExitAsync();
        }

        File.Exists(Path.Combine(run, RunFolder.LockFileName)).Should().BeTrue("kill -9 leaves the lock file behind");
        CliResult third = await Cli.RunAsync("--data", model.DataFolder, "--layers", "8", "--epochs", "1", "--output", run);
        third.ExitCode.Should().Be(0, "the lock died with its process: " + third);
    }

    [Fact]
    public async Task PredictSubmission_OntoItsOwnInput_IsRefusedAndTheInputIsUnchanged()
    {
        string test = SyntheticDigits.WriteCsv(_folder.File("test.csv"), 7, seed: 53, labelled: false, header: true);
        byte[] before = File.ReadAllBytes(test);

        CliResult result = await Cli.RunAsync("predict", "--model", model.ModelPath, test, "--submission", test);

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("--submission").And.Contain("also read by this command");
        File.ReadAllBytes(test).Should().Equal(before);
    }

    [Fact]
    public async Task Export_OntoItsOwnModel_IsRefusedAndTheModelIsUnchanged()
    {
        string copy = _folder.File("model.nnet");
        File.Copy(model.ModelPath, copy);
        string hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(copy)));

        CliResult result = await Cli.RunAsync("export", "--model", copy, "--onnx", copy);

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("--onnx").And.Contain("--model");
        Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(copy))).Should().Be(hash);
    }

    [Fact]
    public async Task Train_OutputIsTheDataFolder_IsRefusedAndTheFolderIsUnchanged()
    {
        string data = SyntheticDigits.WriteIdxFolder(_folder.File("data"));
        string[] before = Directory.GetFileSystemEntries(data);

        CliResult result = await Cli.RunAsync("--data", data, "--layers", "8", "--epochs", "1", "--output", data);

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("--output").And.Contain("--data");
        Directory.GetFileSystemEntries(data).Should().BeEquivalentTo(before);
    }

    [Theory]
    [InlineData("--model")]
    [InlineData("--resume")]
    [InlineData("--train")]
    [InlineData("--test")]
    [InlineData("INPUT")]
    public async Task NonRegularInput_IsRefusedAtOnce(string option)
    {
        if (!SpecialFiles.Available)
        {
            return; // Linux only: pipes and /dev
        }

        string fifo = SpecialFiles.Fifo(_folder.File($"pipe{option.TrimStart('-')}"));
        foreach (string path in new[] { fifo, SpecialFiles.Zero, _folder.Path })
        {
            string[] args = option switch
            {
                "--model" => ["evaluate", "--model", path, "--data", model.DataFolder],
                "INPUT" => ["predict", "--model", model.ModelPath, path],
                "--resume" => ["--data", model.DataFolder, "--resume", path, "--output", _folder.File("r")],
                "--train" => ["--train", path, "--output", _folder.File("r")],
                _ => ["evaluate", "--model", model.ModelPath, "--test", path],
            };

            Task<CliResult> run = Cli.RunAsync(args);
            (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20)))).Should().Be(run, $"{option} {path} must not hang");
            CliResult result = await run;

            result.ExitCode.Should().Be(ExitCodes.Usage, result.ToString());
            result.ErrorLines.Should().ContainSingle().Which.Should().Contain(path).And.MatchRegex("named pipe|device|folder");
        }
    }

    [Fact]
    public async Task Commands_PathsWithSpacesAndNonAscii_Work()
    {
        string data = SyntheticDigits.WriteIdxFolder(_folder.File("dätä mit Leerzeichen"));
        string run = _folder.File("рез ultats ☃/run one");
        Directory.CreateDirectory(Path.GetDirectoryName(run)!);

        CliResult trained = await Cli.RunAsync("--data", data, "--layers", "8", "--epochs", "1", "--checkpoint-every", "1", "--output", run);
        trained.ExitCode.Should().Be(0, trained.ToString());
        string modelPath = Path.Combine(run, "model.nnet");
        using (JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json"))))
        {
            summary.RootElement.GetProperty("files").GetProperty("model").GetString().Should().Be(modelPath);
        }

        (await Cli.RunAsync("evaluate", "--model", modelPath, "--data", data)).ExitCode.Should().Be(0);
        string csv = SyntheticDigits.WriteCsv(_folder.File("zeilen ü.csv"), 4, seed: 54, labelled: false, header: true);
        (await Cli.RunAsync("predict", "--model", modelPath, csv, "--submission", _folder.File("sub mission ß.csv"))).ExitCode.Should().Be(0);
        (await Cli.RunAsync("export", "--model", modelPath, "--onnx", _folder.File("mödel ☃.onnx"))).ExitCode.Should().Be(0);
        CliResult resumed = await Cli.RunAsync("--data", data, "--resume", Path.Combine(run, "checkpoint-epoch-1.nnc"), "--epochs", "2", "--output", _folder.File("wéiter"));
        resumed.ExitCode.Should().Be(0, resumed.ToString());
    }

    /// <summary>Every file of a run folder reads as a whole file of its kind (a temporary file left by a kill is allowed: it is not the file).</summary>
    private static void ReportFilesAreWhole(string run)
    {
        foreach (string file in Directory.GetFiles(run).Where(f => !Path.GetFileName(f).StartsWith('.')))
        {
            string name = Path.GetFileName(file);
            var read = () =>
            {
                switch (Path.GetExtension(name))
                {
                    case ".nnet":
                        Network.Load(file);
                        break;
                    case ".nnc":
                        Trainer.LoadCheckpoint(file);
                        break;
                    case ".json":
                        JsonDocument.Parse(File.ReadAllText(file)).Dispose();
                        break;
                    case ".svg":
                        XDocument.Load(file);
                        break;
                    case ".csv":
                        File.ReadAllLines(file).Skip(1).Should().AllSatisfy(l => l.Split(',').Length.Should().Be(File.ReadLines(file).First().Split(',').Length));
                        break;
                }
            };

            read.Should().NotThrow($"{name} is whole");
        }
    }

    private static async Task WaitForLineAsync(Process process, string text, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (await process.StandardOutput.ReadLineAsync(limit.Token) is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return;
            }
        }

        throw new InvalidOperationException($"The process ended without printing '{text}': {await process.StandardError.ReadToEndAsync()}");
    }
}
