using System.Text.Json;
using System.Xml.Linq;
using MnistTrainer.Tests.Support;

namespace MnistTrainer.Tests.EndToEnd;

/// <summary>The sample on the real MNIST files: one epoch of a small network, and the report it writes.</summary>
/// <remarks>
/// The files come from <c>$NEURALNET_MNIST_CACHE</c> (else <c>~/.cache/neuralnet/mnist</c>), the folder the library's
/// tests use; when it lacks them, the command fetches them there through <c>MnistDownloader</c>, as a user's first run does.
/// </remarks>
public sealed class RealMnistTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string CacheDirectory =>
        Environment.GetEnvironmentVariable("NEURALNET_MNIST_CACHE") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "neuralnet", "mnist");

    [Fact]
    public async Task Train_OneEpochOnRealMnist_ReachesNinetyPercentAndWritesTheReport()
    {
        string run = _folder.File("run");

        CliResult result = await Cli.RunAsync("train", "--data", CacheDirectory, "--download", "--layers", "64", "--epochs", "1", "--output", run);

        result.ExitCode.Should().Be(0, result.ToString());
        string[] expected = ["model.nnet", "history.json", "history.csv", "summary.json", "loss.svg", "accuracy.svg", "confusion.svg", "samples.svg"];
        Directory.GetFiles(run).Select(Path.GetFileName).Should().Contain(expected);
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
        summary.RootElement.GetProperty("test_accuracy").GetDouble().Should().BeGreaterThanOrEqualTo(0.90);
        summary.RootElement.GetProperty("test_samples").GetInt32().Should().Be(10_000);
        summary.RootElement.GetProperty("epochs").GetInt32().Should().Be(1);
        foreach (string svg in Directory.GetFiles(run, "*.svg"))
        {
            XDocument.Load(svg).Root!.Name.LocalName.Should().Be("svg", svg);
        }
    }
}
