using System.Diagnostics;
using DigitServer.Tests.Support;

namespace DigitServer.Tests;

/// <summary>The server refuses to start, with a message that says how to fix it, when its model is missing or invalid.</summary>
[Collection(TrainedDigitModelCollection.Name)]
public sealed class StartupTests
{
    private readonly TrainedDigitModel _model;

    public StartupTests(TrainedDigitModel model)
    {
        _model = model;
    }

    [Fact]
    public void Build_NoModelGiven_ThrowsSayingToPassModel()
    {
        Action build = () => DigitServerApp.Build([]);

        build.Should().Throw<StartupException>().WithMessage("*no model file given*--model*");
    }

    [Fact]
    public void Build_MissingModelFile_ThrowsNamingIt()
    {
        string missing = Path.Combine(_model.Folder, "absent.nnet");

        Action build = () => DigitServerApp.Build(["--model", missing]);

        build.Should().Throw<StartupException>().WithMessage($"*{missing}*no such file*");
    }

    [Fact]
    public void Build_FileThatIsNoModel_ThrowsNamingItAndTheReason()
    {
        string bogus = Path.Combine(_model.Folder, "bogus.nnet");
        File.WriteAllText(bogus, "not a model");

        Action build = () => DigitServerApp.Build(["--model", bogus]);

        build.Should().Throw<StartupException>().WithMessage($"*{bogus}*cannot be loaded*");
    }

    [Fact]
    public async Task Process_MissingModel_ExitsWithCode2AndTheMessageOnStandardError()
    {
        string server = Path.Combine(AppContext.BaseDirectory, "DigitServer.dll");
        var start = new ProcessStartInfo("dotnet", [server, "--model", "nowhere.nnet"]) { RedirectStandardError = true, RedirectStandardOutput = true };

        using Process process = Process.Start(start)!;
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        process.ExitCode.Should().Be(2);
        error.Should().Contain("DigitServer cannot start: --model nowhere.nnet: no such file");
    }
}
