using System.Text.Json;
using System.Xml.Linq;
using MnistTrainer.Tests.Support;

namespace MnistTrainer.Tests.Commands;

public sealed class TrainCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Train_IdxFolder_WritesTheWholeReport()
    {
        string data = SyntheticDigits.WriteIdxFolder(_folder.File("data"));
        string run = _folder.File("run");

        CliResult result = await Cli.RunAsync("train", "--data", data, "--layers", "16", "--epochs", "3", "--output", run);

        result.ExitCode.Should().Be(0, result.ToString());
        foreach (string file in new[] { "model.nnet", "history.json", "history.csv", "summary.json", "loss.svg", "accuracy.svg", "confusion.svg", "samples.svg" })
        {
            File.Exists(Path.Combine(run, file)).Should().BeTrue($"the report has {file}");
        }

        foreach (string svg in Directory.GetFiles(run, "*.svg"))
        {
            XDocument.Load(svg).Root!.Name.LocalName.Should().Be("svg");
        }

        result.Output.Should().Contain("Compute backend:").And.Contain("Test accuracy").And.Contain(run);
        File.ReadAllLines(Path.Combine(run, "history.csv")).Should().HaveCount(4, "a header and one line per epoch");
    }

    [Fact]
    public async Task Train_Summary_HasTheKeysScriptsRead()
    {
        string data = SyntheticDigits.WriteIdxFolder(_folder.File("data"));
        string run = _folder.File("run");

        CliResult result = await Cli.RunAsync("--data", data, "--layers", "16", "--epochs", "4", "--output", run);

        result.ExitCode.Should().Be(0, result.ToString());
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
        JsonElement root = summary.RootElement;
        root.GetProperty("test_accuracy").GetDouble().Should().BeInRange(0.9, 1.0, "the synthetic classes are easy");
        root.GetProperty("test_loss").GetDouble().Should().BePositive();
        root.GetProperty("epochs").GetInt32().Should().Be(4);
        root.GetProperty("train_seconds").GetDouble().Should().BePositive();
        root.GetProperty("samples_per_second").GetDouble().Should().BePositive();
        root.GetProperty("backend").GetString().Should().NotBeNullOrEmpty();
        root.GetProperty("configuration").GetProperty("layers").EnumerateArray().Select(e => e.GetInt32()).Should().Equal(64, 16, 3);
        root.GetProperty("configuration").GetProperty("optimizer").GetString().Should().Be("Adam");
        root.GetProperty("per_class").GetArrayLength().Should().Be(3);
    }

    [Fact]
    public async Task Train_Json_PrintsOnlyTheSummaryOnStandardOutput()
    {
        string data = SyntheticDigits.WriteIdxFolder(_folder.File("data"));

        CliResult result = await Cli.RunAsync("--data", data, "--layers", "8", "--epochs", "1", "--output", _folder.File("run"), "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        using JsonDocument summary = JsonDocument.Parse(result.Output);
        summary.RootElement.GetProperty("epochs").GetInt32().Should().Be(1);
        result.Error.Should().Contain("epoch 1/1");
    }

    [Fact]
    public async Task Train_CsvWithoutTestFile_TestsOnAHeldOutPart()
    {
        string train = SyntheticDigits.WriteCsv(_folder.File("train.csv"), 300, seed: 3, header: true);
        string run = _folder.File("run");

        CliResult result = await Cli.RunAsync("--train", train, "--layers", "16", "--epochs", "3", "--validation", "30", "--output", run);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain("held out");
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
        summary.RootElement.GetProperty("test_samples").GetInt32().Should().Be(30);
        summary.RootElement.GetProperty("data").GetProperty("train_samples").GetInt32().Should().Be(240);
    }

    [Fact]
    public async Task Train_IdxTrainAndTestFiles_FindTheLabelsBesideTheImages()
    {
        SyntheticDigits.WriteIdx(_folder.File("train-images-idx3-ubyte"), _folder.File("train-labels-idx1-ubyte"), 150, seed: 4);
        SyntheticDigits.WriteIdx(_folder.File("t10k-images-idx3-ubyte"), _folder.File("t10k-labels-idx1-ubyte"), 30, seed: 5);

        CliResult result = await Cli.RunAsync(
            "--train", _folder.File("train-images-idx3-ubyte"), "--test", _folder.File("t10k-images-idx3-ubyte"), "--layers", "8", "--epochs", "2", "--output", _folder.File("run"));

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain("30 test samples");
    }

    [Fact]
    public async Task Train_Resume_ContinuesTheEpochs()
    {
        string data = SyntheticDigits.WriteIdxFolder(_folder.File("data"));
        string first = _folder.File("first");
        CliResult start = await Cli.RunAsync("--data", data, "--layers", "16", "--epochs", "4", "--checkpoint-every", "1", "--output", first);
        start.ExitCode.Should().Be(0, start.ToString());
        string checkpoint = Path.Combine(first, "checkpoint-epoch-2.nnc");
        File.Exists(checkpoint).Should().BeTrue("--checkpoint-every 1 writes checkpoint-epoch-<N>.nnc");

        string second = _folder.File("second");
        CliResult resumed = await Cli.RunAsync("--data", data, "--resume", checkpoint, "--output", second);

        resumed.ExitCode.Should().Be(0, resumed.ToString());
        resumed.Output.Should().Contain("after 2 epochs");
        using JsonDocument history = JsonDocument.Parse(File.ReadAllText(Path.Combine(second, "history.json")));
        history.RootElement.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32()).Should().Equal(1, 2, 3, 4);
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(second, "summary.json")));
        summary.RootElement.GetProperty("configuration").GetProperty("resumed_from").GetString().Should().Be(checkpoint);
        double[] uninterrupted = TrainLosses(Path.Combine(first, "history.csv"));
        TrainLosses(Path.Combine(second, "history.csv")).Should().Equal(
            uninterrupted, (a, b) => Math.Abs(a - b) <= 1e-4 * Math.Abs(b), "a resumed run trains as one that never stopped (to a native BLAS' rounding)");
    }

    [Fact]
    public async Task Train_Stopped_WritesACheckpointAndPrintsTheResumeCommand()
    {
        string train = SyntheticDigits.WriteCsv(_folder.File("train.csv"), 200, seed: 6);
        string run = _folder.File("run");
        using var stop = new CancellationTokenSource();
        stop.Cancel();

        CliResult stopped = await Cli.RunAsync(["--train", train, "--layers", "8", "--epochs", "2", "--validation", "20", "--output", run], stop.Token);

        stopped.ExitCode.Should().Be(ExitCodes.Cancelled, stopped.ToString());
        string checkpoint = Path.Combine(run, "checkpoint-epoch-0-batch-0.nnc"); // mid-epoch: never the name of an epoch's end
        File.Exists(checkpoint).Should().BeTrue();
        string command = stopped.ErrorLines.Should().ContainSingle(l => l.Contains("--resume")).Which;
        command.Should().EndWith($"train --train {train} --layers 8 --epochs 2 --validation 20 --output {run} --resume {checkpoint}");

        string[] resumeArguments = command[command.IndexOf(" train ", StringComparison.Ordinal)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        CliResult resumed = await Cli.RunAsync(resumeArguments);

        resumed.ExitCode.Should().Be(0, resumed.ToString());
        File.Exists(Path.Combine(run, "model.nnet")).Should().BeTrue();
    }

    [Fact]
    public async Task Train_FashionStyleFolder_TrainsWithTheDefaults()
    {
        // Any IDX set of 28×28 images with 10 classes goes through --data unchanged (Fashion-MNIST has MNIST's file names).
        string data = _folder.File("fashion");
        Directory.CreateDirectory(data);
        WriteTenClasses(Path.Combine(data, "train-images-idx3-ubyte"), Path.Combine(data, "train-labels-idx1-ubyte"), 200);
        WriteTenClasses(Path.Combine(data, "t10k-images-idx3-ubyte"), Path.Combine(data, "t10k-labels-idx1-ubyte"), 50);

        CliResult result = await Cli.RunAsync("--data", data, "--epochs", "2", "--output", _folder.File("run"));

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain("784 features, 10 classes").And.Contain("Network(784-256-128-10)");
    }

    private static void WriteTenClasses(string images, string labels, int count)
    {
        var random = new Random(count);
        var pixels = new byte[count * 784];
        var classes = new byte[count];
        for (int n = 0; n < count; n++)
        {
            classes[n] = (byte)(n % 10);
            for (int i = 0; i < 784; i++)
            {
                // Class c lights the rows 2c..2c+5: ten overlapping bands.
                int row = i / 28;
                pixels[(n * 784) + i] = (byte)(row >= 2 * classes[n] && row < (2 * classes[n]) + 6 ? random.Next(150, 256) : random.Next(0, 40));
            }
        }

        NeuralNet.Data.IdxWriter.Write(images, [count, 28, 28], pixels);
        NeuralNet.Data.IdxWriter.Write(labels, [count], classes);
    }

    /// <summary>The train_loss column of a history.csv.</summary>
    private static double[] TrainLosses(string path) =>
        [.. File.ReadAllLines(path).Skip(1).Select(line => double.Parse(line.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture))];
}
