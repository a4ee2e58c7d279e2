using System.Security.Cryptography;
using System.Text.Json;
using MnistTrainer.Runs;
using MnistTrainer.Tests.Support;
using NeuralNet;
using NeuralNet.Data;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Training;

namespace MnistTrainer.Tests.Commands;

/// <summary><c>--resume</c> does what the user asked: its own output folder, the original run's folder untouched, conflicting options named, the run's length changeable.</summary>
public sealed class ResumeTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _data;

    public ResumeTests()
    {
        _data = SyntheticDigits.WriteIdxFolder(_folder.File("data"));
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Resume_IntoANewFolder_LeavesTheOriginalRunsFolderByteIdentical()
    {
        string original = await TrainAsync("original", "--epochs", "4", "--checkpoint-every", "1");
        Dictionary<string, string> before = Snapshot(original);
        string resumed = _folder.File("resumed");

        CliResult result = await Cli.RunAsync("--data", _data, "--resume", Path.Combine(original, "checkpoint-epoch-2.nnc"), "--output", resumed);

        result.ExitCode.Should().Be(0, result.ToString());
        Snapshot(original).Should().Equal(before, "the resumed run writes nothing into the original's folder");
        File.Exists(Path.Combine(resumed, "checkpoint-epoch-3.nnc")).Should().BeTrue("the resumed run's checkpoints go to its own folder");
        File.Exists(Path.Combine(resumed, "checkpoint-epoch-4.nnc")).Should().BeTrue();
        File.Exists(Path.Combine(resumed, "model.nnet")).Should().BeTrue();
    }

    [Fact]
    public async Task Resume_WithoutOutput_MakesANewRunFolderAndLeavesTheOriginalAlone()
    {
        string original = await TrainAsync("original", "--epochs", "3", "--checkpoint-every", "1");
        Dictionary<string, string> before = Snapshot(original);
        string work = _folder.File("work");
        Directory.CreateDirectory(work);

        // A child process, so that runs/<timestamp> is made under its own current folder.
        CliResult result = await CliProcess.RunAsync(
            ["train", "--data", _data, "--resume", Path.Combine(original, "checkpoint-epoch-1.nnc")],
            workingDirectory: work);

        result.ExitCode.Should().Be(0, result.ToString());
        Snapshot(original).Should().Equal(before);
        string run = Directory.GetDirectories(Path.Combine(work, "runs")).Should().ContainSingle().Which;
        File.Exists(Path.Combine(run, "model.nnet")).Should().BeTrue();
        File.Exists(Path.Combine(run, "checkpoint-epoch-3.nnc")).Should().BeTrue();
    }

    [Fact]
    public async Task Resume_ConflictingOptions_AreRefusedNamingEachAndNothingIsWritten()
    {
        string original = await TrainAsync("original", "--epochs", "2", "--checkpoint-every", "1");
        string resumed = _folder.File("resumed");

        CliResult result = await Cli.RunAsync(
            "--data", _data, "--resume", Path.Combine(original, "checkpoint-epoch-1.nnc"), "--output", resumed,
            "--layers", "32", "--activation", "tanh", "--optimizer", "sgd", "--lr", "0.5", "--batch-size", "16", "--seed", "9", "--weight-decay", "0.01", "--dropout", "0.2", "--schedule", "constant");

        result.ExitCode.Should().Be(ExitCodes.Usage, result.ToString());
        string line = result.ErrorLines.Should().ContainSingle().Which;
        line.Should().ContainAll(
            "--layers 32 (the checkpoint's run has 16)", "--activation tanh", "--optimizer sgd (the checkpoint's run has Adam)", "--lr 0.5",
            "--batch-size 16 (the checkpoint's run has 64)", "--seed 9 (the checkpoint's run has 0)", "--weight-decay 0.01", "--dropout 0.2", "--schedule constant");
        Directory.Exists(resumed).Should().BeFalse();
    }

    [Fact]
    public async Task Resume_TheOriginalOptionsRepeated_IsAccepted()
    {
        string original = await TrainAsync("original", "--epochs", "2", "--checkpoint-every", "1", "--lr", "0.002", "--batch-size", "32", "--schedule", "step:1:0.5");

        CliResult result = await Cli.RunAsync(
            "--data", _data, "--resume", Path.Combine(original, "checkpoint-epoch-1.nnc"), "--output", _folder.File("resumed"),
            "--layers", "16", "--activation", "relu", "--init", "he", "--epochs", "2", "--lr", "0.002", "--batch-size", "32", "--schedule", "step:1:0.5", "--seed", "0");

        result.ExitCode.Should().Be(0, result.ToString());
    }

    [Fact]
    public async Task Resume_MoreEpochsOnAFinishedRun_TrainsOnAndSaysOnceThatTheCosineCannotStretch()
    {
        string original = await TrainAsync("original", "--epochs", "2", "--checkpoint-every", "1");
        string resumed = _folder.File("resumed");

        CliResult result = await Cli.RunAsync("--data", _data, "--resume", Path.Combine(original, "checkpoint-epoch-2.nnc"), "--epochs", "4", "--checkpoint-every", "1", "--output", resumed);

        result.ExitCode.Should().Be(0, result.ToString());
        using JsonDocument history = JsonDocument.Parse(File.ReadAllText(Path.Combine(resumed, "history.json")));
        history.RootElement.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32()).Should().Equal(1, 2, 3, 4);
        result.OutputLines.Where(l => l.Contains("cosine schedule", StringComparison.Ordinal)).Should().ContainSingle()
            .Which.Should().Contain("spans 2 epochs").And.Contain("epochs 3-4");
        File.Exists(Path.Combine(resumed, "checkpoint-epoch-4.nnc")).Should().BeTrue("--checkpoint-every takes effect");
    }

    [Fact]
    public async Task Resume_MoreEpochsWithAConstantSchedule_SaysNothingAboutTheSchedule()
    {
        string original = await TrainAsync("original", "--epochs", "1", "--checkpoint-every", "1", "--schedule", "constant");

        CliResult result = await Cli.RunAsync("--data", _data, "--resume", Path.Combine(original, "checkpoint-epoch-1.nnc"), "--epochs", "3", "--output", _folder.File("resumed"));

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().NotContain("schedule spans");
        result.Output.Should().Contain("after 3 epochs");
    }

    [Fact]
    public async Task Resume_EarlyStopping_TakesEffect()
    {
        string original = await TrainAsync("original", "--epochs", "2", "--checkpoint-every", "1", "--validation", "30", "--schedule", "constant");

        CliResult result = await Cli.RunAsync("--data", _data, "--resume", Path.Combine(original, "checkpoint-epoch-1.nnc"), "--validation", "30", "--epochs", "2", "--early-stopping", "5", "--json", "--output", _folder.File("resumed"));

        result.ExitCode.Should().Be(0, result.ToString());
        using JsonDocument summary = JsonDocument.Parse(result.Output);
        summary.RootElement.GetProperty("configuration").GetProperty("early_stopping_patience").GetInt32().Should().Be(5);
    }

    [Fact]
    public async Task Resume_FewerEpochsThanDone_IsRefused()
    {
        string original = await TrainAsync("original", "--epochs", "3", "--checkpoint-every", "1");

        CliResult result = await Cli.RunAsync("--data", _data, "--resume", Path.Combine(original, "checkpoint-epoch-3.nnc"), "--epochs", "2", "--output", _folder.File("resumed"));

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("--epochs 2").And.Contain("already completed 3 epochs");
    }

    [Fact]
    public async Task Resume_IntoTheFinishedOriginalFolder_IsRefused()
    {
        string original = await TrainAsync("original", "--epochs", "2", "--checkpoint-every", "1");
        Dictionary<string, string> before = Snapshot(original);

        CliResult result = await Cli.RunAsync("--data", _data, "--resume", Path.Combine(original, "checkpoint-epoch-1.nnc"), "--output", original);

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("finished run").And.Contain("new --output");
        Snapshot(original).Should().Equal(before);
    }

    [Fact]
    public async Task Resume_OtherData_IsRefusedNamingTheDataOptions()
    {
        string original = await TrainAsync("original", "--epochs", "2", "--checkpoint-every", "1", "--validation", "30");

        CliResult result = await Cli.RunAsync("--data", _data, "--validation", "40", "--resume", Path.Combine(original, "checkpoint-epoch-1.nnc"), "--output", _folder.File("resumed"));

        result.ExitCode.Should().Be(ExitCodes.Usage, result.ToString());
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("--resume").And.Contain("--validation").And.NotContain("Fit got");
    }

    [Fact]
    public void ContinueWith_OptionThatCannotChange_IsNamed()
    {
        Trainer trainer = TinyTrainer(new TrainerOptions { Epochs = 2, BatchSize = 8 });

        var act = () => trainer.ContinueWith(trainer.Options with { BatchSize = 16, Seed = 4, Epochs = 5 });

        act.Should().Throw<ArgumentException>().WithMessage("*BatchSize (8, not 16)*Seed (0, not 4)*");
    }

    [Fact]
    public void ContinueWith_MoreEpochsOnAFinishedRun_TrainsThem()
    {
        (Dataset train, _) = Data();
        Trainer trainer = TinyTrainer(new TrainerOptions { Epochs = 1, BatchSize = 8 });
        trainer.Fit(train);
        trainer.IsFinished.Should().BeTrue();

        trainer.ContinueWith(trainer.Options with { Epochs = 3 });
        trainer.Fit(train);

        trainer.CompletedEpochs.Should().Be(3);
        trainer.History.StopReason.Should().Be(StopReason.Completed);
    }

    /// <summary>A Ctrl+C checkpoint in the middle of epoch 2 gets its own name, so epoch 1's end-of-epoch checkpoint keeps epoch 1's state.</summary>
    [Fact]
    public void CheckpointNames_StoppedDuringTheSecondEpoch_KeepTheFirstEpochsCheckpoint()
    {
        (Dataset train, _) = Data();
        string pattern = Path.Combine(_folder.Path, TrainerFactory.CheckpointPattern);
        Trainer trainer = TinyTrainer(new TrainerOptions { Epochs = 3, BatchSize = 8, CheckpointEvery = 1, CheckpointPath = pattern });
        using var stop = new CancellationTokenSource();
        var progress = new StopAt(stop, epoch: 2, batch: 3);

        trainer.Fit(train, progress: progress, cancellationToken: stop.Token);

        trainer.History.StopReason.Should().Be(StopReason.Cancelled);
        Directory.GetFiles(_folder.Path, "checkpoint-*").Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .Should().Equal("checkpoint-epoch-1-batch-3.nnc", "checkpoint-epoch-1.nnc");
        trainer.CompletedIterations.Should().Be(8 + 3, "64 samples in batches of 8 make 8 batches an epoch");
        Trainer.LoadCheckpoint(Path.Combine(_folder.Path, "checkpoint-epoch-1.nnc")).CompletedIterations.Should().Be(8, "the end of epoch 1 is kept");
        Trainer.LoadCheckpoint(Path.Combine(_folder.Path, "checkpoint-epoch-1-batch-3.nnc")).CompletedIterations.Should().Be(8 + 3);
    }

    private async Task<string> TrainAsync(string name, params string[] options)
    {
        string run = _folder.File(name);
        CliResult result = await Cli.RunAsync(["--data", _data, "--layers", "16", "--output", run, .. options]);
        result.ExitCode.Should().Be(0, result.ToString());
        return run;
    }

    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    private static (Dataset Train, int Classes) Data()
    {
        (byte[] pixels, int[] labels) = SyntheticDigits.Make(64, seed: 7);
        var inputs = MathNet.Numerics.LinearAlgebra.Matrix<float>.Build.Dense(SyntheticDigits.Features, 64, (r, c) => pixels[(c * SyntheticDigits.Features) + r] / 255f);
        return (new Dataset(inputs, labels), SyntheticDigits.Classes);
    }

    private static Trainer TinyTrainer(TrainerOptions options) =>
        new(Network.Create([SyntheticDigits.Features, 8, SyntheticDigits.Classes]), new CrossEntropyLoss(), new Adam(), options);

    /// <summary>Asks the trainer to stop after a given batch of a given epoch.</summary>
    private sealed class StopAt(CancellationTokenSource stop, int epoch, int batch) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Epoch == epoch && value.Batch == batch && !value.IsEpochEnd)
            {
                stop.Cancel();
            }
        }
    }
}
