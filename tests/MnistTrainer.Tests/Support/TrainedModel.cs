namespace MnistTrainer.Tests.Support;

/// <summary>A model trained once by the CLI on <see cref="SyntheticDigits"/>, shared by the tests of the commands that use a model.</summary>
public sealed class TrainedModel : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new();

    /// <summary>The folder of synthetic IDX files the model was trained on.</summary>
    public string DataFolder => _folder.File("data");

    /// <summary>The training run's report folder.</summary>
    public string RunFolder => _folder.File("run");

    /// <summary>The model file.</summary>
    public string ModelPath => Path.Combine(RunFolder, "model.nnet");

    /// <summary>A scratch folder of the fixture, for files a test writes.</summary>
    public TempFolder Folder => _folder;

    public async Task InitializeAsync()
    {
        SyntheticDigits.WriteIdxFolder(DataFolder);
        CliResult result = await Cli.RunAsync("train", "--data", DataFolder, "--layers", "16", "--epochs", "5", "--output", RunFolder);
        result.ExitCode.Should().Be(0, result.ToString());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();
}

/// <summary>The tests that share <see cref="TrainedModel"/>.</summary>
[CollectionDefinition(Name)]
public sealed class TrainedModelCollection : ICollectionFixture<TrainedModel>
{
    public const string Name = "trained model";
}
