using System.Text.Json;
using MnistTrainer.Tests.Support;
using NeuralNet;
using NeuralNet.Layers;
using NeuralNet.Serialization;

namespace MnistTrainer.Tests.Commands;

/// <summary>Convolutional networks from the command line: <c>--layers conv:...</c> and <c>--model cnn</c> train, report, evaluate, export and resume as dense networks do; what cannot work is refused naming the option.</summary>
public sealed class CnnCommandTests : IDisposable
{
    private const string Layers = "conv:4x3,pool:2,bn,16";

    private readonly TempFolder _folder = new();
    private readonly string _images;

    public CnnCommandTests()
    {
        _images = SyntheticImages.WriteIdxFolder(_folder.File("images"));
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Train_ConvLayers_WritesTheWholeReportAndAModelThatLoadsAsThatCnn()
    {
        string run = _folder.File("run");

        CliResult result = await Cli.RunAsync("train", "--data", _images, "--layers", Layers, "--epochs", "6", "--lr", "0.01", "--validation", "30", "--output", run);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain("Network(1×28×28 → conv 4×3×3 pad 1 → pool 2 → bn → 16 → 10)");
        foreach (string file in new[] { "model.nnet", "history.json", "history.csv", "summary.json", "loss.svg", "accuracy.svg", "confusion.svg", "samples.svg", "samples.png" })
        {
            File.Exists(Path.Combine(run, file)).Should().BeTrue($"the report has {file}");
        }

        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
        JsonElement configuration = summary.RootElement.GetProperty("configuration");
        configuration.GetProperty("layer_spec").GetString().Should().Be(Layers);
        configuration.GetProperty("network").GetString().Should().Be("Network(1×28×28 → conv 4×3×3 pad 1 → pool 2 → bn → 16 → 10)");
        configuration.GetProperty("hidden_activation").GetString().Should().Be("ReLU");
        summary.RootElement.GetProperty("test_accuracy").GetDouble().Should().BeGreaterThan(0.9, "the squares are easy to find");

        Network model = Network.Load(Path.Combine(run, "model.nnet"));
        model.Layers.Select(l => l.GetType().Name).Should().Equal("Conv2D", "MaxPool2D", "BatchNorm", "DenseLayer", "DenseLayer");
        ((BatchNorm)model.Layers[2]).RunningVariance.ToArray().Should().NotEqual(Enumerable.Repeat(1f, 4), "the model keeps the statistics it trained");
    }

    [Fact]
    public async Task EvaluateAndExport_TrainedCnn_Work()
    {
        string run = _folder.File("run");
        (await Cli.RunAsync("train", "--data", _images, "--layers", "conv:4x3/s2,avgpool:2,8", "--epochs", "2", "--validation", "30", "--output", run)).ExitCode.Should().Be(0);
        string model = Path.Combine(run, "model.nnet");

        CliResult evaluate = await Cli.RunAsync("evaluate", "--model", model, "--data", _images, "--json");
        CliResult export = await Cli.RunAsync("export", "--model", model, "--onnx", _folder.File("cnn.onnx"));

        evaluate.ExitCode.Should().Be(0, evaluate.ToString());
        JsonDocument.Parse(evaluate.Output).RootElement.GetProperty("accuracy").GetDouble().Should().BeInRange(0, 1);
        export.ExitCode.Should().Be(0, export.ToString());
        string bytes = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(_folder.File("cnn.onnx")));
        bytes.Should().ContainAll("Reshape", "Conv", "AveragePool", "Flatten", "Gemm");
    }

    [Fact]
    public async Task Train_ModelCnn_TrainsTheBuiltInCnnAndItsEpochs()
    {
        string run = _folder.File("run");

        CliResult result = await Cli.RunAsync("train", "--data", _images, "--model", "cnn", "--validation", "30", "--output", run, "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        JsonElement root = JsonDocument.Parse(result.Output).RootElement;
        root.GetProperty("epochs").GetInt32().Should().Be(10, "--model cnn trains 10 epochs unless --epochs says otherwise");
        JsonElement configuration = root.GetProperty("configuration");
        configuration.GetProperty("layer_spec").GetString().Should().Be("conv:16x5,pool:2,conv:32x5,pool:2,128");
        configuration.GetProperty("dropout").GetDouble().Should().BeApproximately(0.3, 1e-6);
        configuration.GetProperty("network").GetString().Should().Be("Network(1×28×28 → conv 16×5×5 pad 2 → pool 2 → conv 32×5×5 pad 2 → pool 2 → 128 → dropout 0.3 → 10)");
    }

    [Fact]
    public async Task Train_ModelCnnWithItsOwnEpochsAndDropout_TakesThem()
    {
        CliResult result = await Cli.RunAsync("train", "--data", _images, "--model", "cnn", "--epochs", "1", "--dropout", "0", "--validation", "30", "--output", _folder.File("run"), "--json");

        result.ExitCode.Should().Be(0, result.ToString());
        JsonElement root = JsonDocument.Parse(result.Output).RootElement;
        root.GetProperty("epochs").GetInt32().Should().Be(1);
        root.GetProperty("configuration").GetProperty("network").GetString().Should().NotContain("dropout");
    }

    [Fact]
    public async Task Train_ModelCnnOnDataThatAreNotImages_ExitsTwoWithAHint()
    {
        string data = SyntheticDigits.WriteIdxFolder(_folder.File("digits"));

        CliResult result = await Cli.RunAsync("train", "--data", data, "--model", "cnn", "--output", _folder.File("run"));

        result.ExitCode.Should().Be(ExitCodes.Usage, result.ToString());
        result.ErrorLines.Should().ContainSingle().Which.Should()
            .StartWith("error: --model cnn: convolution and pooling layers read each sample as an image").And.Contain("has 64 features").And.Contain("--layers 128,64");
        Directory.Exists(_folder.File("run")).Should().BeFalse();
    }

    [Fact]
    public async Task Train_ModelAndLayersTogether_ExitsTwoNamingBoth()
    {
        CliResult result = await Cli.RunAsync("train", "--data", _images, "--model", "cnn", "--layers", "64", "--output", _folder.File("run"));

        result.ExitCode.Should().Be(ExitCodes.Usage, result.ToString());
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("--model cnn and --layers 64 both say which network to build");
    }

    [Theory]
    [InlineData("conv:8x3,128,pool:2", "item 3 ('pool:2')*put them before the first dense layer")]
    [InlineData("conv:8", "got 'conv:8': a convolution is conv:CHANNELSxKERNEL")]
    [InlineData("conv:8x3,pool:9,pool:9", "item 3 (pool:9) has 9×9 windows, which do not fit in its 8×3×3 input")]
    public async Task Train_MalformedOrImpossibleLayers_ExitsTwoWithOneLineNamingLayers(string layers, string fact)
    {
        CliResult result = await Cli.RunAsync("train", "--data", _images, "--layers", layers, "--output", _folder.File("run"));

        result.ExitCode.Should().Be(ExitCodes.Usage, result.ToString());
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: --layers").And.Match($"*{fact}*");
        Directory.Exists(_folder.File("run")).Should().BeFalse();
    }

    [Fact]
    public async Task Resume_Cnn_ContinuesAndNamesLayersThatContradictIt()
    {
        string original = _folder.File("original");
        (await Cli.RunAsync("train", "--data", _images, "--layers", Layers, "--epochs", "3", "--checkpoint-every", "1", "--validation", "30", "--output", original))
            .ExitCode.Should().Be(0);
        string checkpoint = Path.Combine(original, "checkpoint-epoch-1.nnc");

        CliResult other = await Cli.RunAsync("train", "--data", _images, "--validation", "30", "--resume", checkpoint, "--layers", "conv:8x3,pool:2,16", "--output", _folder.File("a"));
        CliResult model = await Cli.RunAsync("train", "--data", _images, "--validation", "30", "--resume", checkpoint, "--model", "cnn", "--output", _folder.File("b"));
        CliResult same = await Cli.RunAsync("train", "--data", _images, "--validation", "30", "--resume", checkpoint, "--layers", "conv:4x3/p1/s1,maxpool:2,BN,16", "--output", _folder.File("c"), "--json");

        other.ExitCode.Should().Be(ExitCodes.Usage, other.ToString());
        other.ErrorLines.Should().ContainSingle().Which.Should().Contain($"--layers conv:8x3,pool:2,16 (the checkpoint's run has {Layers})");
        model.ExitCode.Should().Be(ExitCodes.Usage, model.ToString());
        model.ErrorLines.Should().ContainSingle().Which.Should().Contain($"--model cnn (the checkpoint's run has --layers {Layers})");
        same.ExitCode.Should().Be(0, same.ToString());
        JsonElement resumed = JsonDocument.Parse(same.Output).RootElement;
        resumed.GetProperty("epochs").GetInt32().Should().Be(3);
        resumed.GetProperty("configuration").GetProperty("layer_spec").GetString().Should().Be(Layers);
    }

    [Fact]
    public async Task Help_DescribesTheLayerGrammarAndTheBuiltInCnn()
    {
        CliResult result = await Cli.RunAsync("train", "--help");

        result.Output.Should().Contain("conv:CHANNELSxKERNEL[/sSTRIDE][/pPAD]").And.Contain("avgpool:SIZE").And.Contain("--model").And.Contain("conv:16x5,pool:2,conv:32x5,pool:2,128");
    }
}
