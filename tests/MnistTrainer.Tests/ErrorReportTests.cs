using MnistTrainer.Commands;
using MnistTrainer.Tests.Support;
using NeuralNet.Data;
using NeuralNet.Training;

namespace MnistTrainer.Tests;

/// <summary>The one place failures become messages: safe for a terminal, in the terms of the command line, with the right exit code.</summary>
public sealed class ErrorReportTests
{
    [Theory]
    [InlineData("\u001b[2J\u001b]0;pwned\u0007", "\\x1B[2J\\x1B]0;pwned\\x07")]
    [InlineData("csi\u009b31m", "csi\\x9B31m")]
    [InlineData("file\u202Egnp.exe", "file\\u202Egnp.exe")]
    [InlineData("zero\u200Bwidth", "zero\\u200Bwidth")]
    [InlineData("tab\there", "tab\\there")]
    [InlineData("del\u007f", "del\\x7F")]
    public void Safe_ControlAndBidiCharacters_AreShownEscaped(string text, string shown) =>
        ErrorReport.Safe(text).Should().Be(shown);

    [Fact]
    public void Safe_LoneSurrogate_IsShownEscaped() =>
        ErrorReport.Safe("lone" + (char)0xD800 + "!").Should().Be("lone\\uD800!");

    [Fact]
    public void Safe_LettersOfAnyScript_AreKept() =>
        ErrorReport.Safe("dätä 数据 ☃ 😀 'Ωmega'").Should().Be("dätä 数据 ☃ 😀 'Ωmega'");

    [Fact]
    public void Safe_LongQuotedValue_IsCutSayingHowMuch()
    {
        string message = $"found '{new string('7', 5000)}' in line 3; expected a pixel";

        string safe = ErrorReport.Safe(message);

        safe.Should().StartWith("found '777").And.Contain("…[4880 more characters]'").And.EndWith(" in line 3; expected a pixel");
        safe.Length.Should().BeLessThan(200);
    }

    [Fact]
    public void Safe_ApostrophesInWords_DoNotStartAQuote()
    {
        string message = $"the model's sizes don't fit: {new string('x', 300)}";

        ErrorReport.Safe(message).Should().Be(message, "no quoted value here to cut");
    }

    [Fact]
    public void Safe_VeryLongMessage_IsCut()
    {
        string safe = ErrorReport.Safe(string.Join(' ', Enumerable.Repeat("word", 2000)));

        safe.Length.Should().BeLessThan(ErrorReport.MostMessageCharacters + 40);
        safe.Should().EndWith("more characters]");
    }

    [Fact]
    public void Clean_LibraryNamesAndParameterSuffixes_BecomeOptions()
    {
        string cleaned = ErrorReport.Clean("TrainerOptions.BatchSize is 0; it must be at least 1 (1 for per-sample SGD, TrainerOptions.FullBatch for full-batch gradient descent). (Parameter 'BatchSize')\nActual value was 0.");

        cleaned.Should().Be("--batch-size is 0; it must be at least 1 (1 for per-sample SGD, 'full' for full-batch gradient descent).");
    }

    [Theory]
    [InlineData(typeof(UsageException), ExitCodes.Usage)]
    [InlineData(typeof(IOException), ExitCodes.Usage)]
    [InlineData(typeof(UnauthorizedAccessException), ExitCodes.Usage)]
    [InlineData(typeof(FileNotFoundException), ExitCodes.Usage)]
    [InlineData(typeof(ArgumentException), ExitCodes.Usage)]
    [InlineData(typeof(ArgumentOutOfRangeException), ExitCodes.Usage)]
    [InlineData(typeof(OutOfMemoryException), ExitCodes.Usage)]
    [InlineData(typeof(OverflowException), ExitCodes.Usage)]
    [InlineData(typeof(TrainingDivergedException), ExitCodes.Failure)]
    [InlineData(typeof(InvalidOperationException), ExitCodes.Failure)]
    [InlineData(typeof(OperationCanceledException), ExitCodes.Cancelled)]
    public void Classify_Exception_GivesItsExitCode(Type type, int code)
    {
        var exception = (Exception)Activator.CreateInstance(type, "what happened")!;

        ErrorReport.Classify(exception).Code.Should().Be(code);
    }

    [Fact]
    public void Classify_FailedDownload_IsAFailureNotAUsageError() =>
        ErrorReport.Classify(new DatasetDownloadException("every source failed", "data/mnist", ["a", "b"])).Code.Should().Be(ExitCodes.Failure);

    [Fact]
    public void Write_AnyMessage_IsOneSafeLine()
    {
        using var error = new StringWriter();

        int code = ErrorReport.Write(new InvalidOperationException("first\nsecond \u001b[31mred"), error, verbose: false);

        code.Should().Be(ExitCodes.Failure);
        error.ToString().Should().Be($"error: InvalidOperationException: first; second \\x1B[31mred{Environment.NewLine}");
    }

    [Theory]
    [InlineData("--epoch", "train", "--epochs")]
    [InlineData("--learning-rat", "train", "--learning-rate")]
    [InlineData("--bach-size", "train", "--batch-size")]
    [InlineData("--jsno", "evaluate", "--json")]
    [InlineData("--modle", "predict", "--model")]
    [InlineData("--verbos", "export", "--verbose")]
    public async Task MistypedOption_GetsDidYouMean(string typo, string command, string meant)
    {
        CliResult result = await Cli.RunAsync(command, typo, "1");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain($"'{typo}'").And.Contain($"did you mean '{meant}'?");
    }

    [Theory]
    [InlineData("trian", "train")]
    [InlineData("evalute", "evaluate")]
    [InlineData("predcit", "predict")]
    [InlineData("tnue", "tune")]
    [InlineData("shwo", "show")]
    [InlineData("exprot", "export")]
    public async Task MistypedCommand_GetsDidYouMean(string typo, string meant)
    {
        CliResult result = await Cli.RunAsync(typo);

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain($"did you mean '{meant}'?");
    }

    [Fact]
    public async Task UnrelatedWord_GetsNoSuggestion()
    {
        CliResult result = await Cli.RunAsync("xylophone");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.ErrorLines.Should().ContainSingle().Which.Should().Contain("xylophone").And.NotContain("did you mean");
    }

    [Theory]
    [InlineData("--epoch", "--epochs", 1)]
    [InlineData("--epcohs", "--epochs", 1)]
    [InlineData("trian", "train", 1)]
    [InlineData("TRAIN", "train", 0)]
    public void Distance_TyposAndCase(string word, string candidate, int distance) =>
        TypoSuggestion.Distance(word, candidate).Should().Be(distance);

    [Fact]
    public void Nearest_Tie_SuggestsNothing() =>
        TypoSuggestion.Nearest("--ab", ["--ac", "--ad"]).Should().BeNull();
}
