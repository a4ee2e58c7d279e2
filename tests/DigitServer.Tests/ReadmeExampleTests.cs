using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using DigitServer.Tests.Support;
using SkiaSharp;

namespace DigitServer.Tests;

/// <summary>The README's curl example for <c>POST /predict</c>, run as written against the real server.</summary>
[Collection(TrainedDigitModelCollection.Name)]
public sealed partial class ReadmeExampleTests
{
    private readonly TrainedDigitModel _model;

    public ReadmeExampleTests(TrainedDigitModel model)
    {
        _model = model;
    }

    [Fact]
    public async Task WebAppSection_CurlExample_AnswersWithTheDigitsLabel()
    {
        string command = CurlExample();
        int digit = _model.ConfidentlyRight(1, 0.95f)[0];
        File.WriteAllBytes(Path.Combine(_model.Folder, "digit.png"), Images.Encode(_model.TestPixels.AsSpan(digit * 784, 784), 28, SKEncodedImageFormat.Png, invert: true, scale: 10));
        await using LoopbackServer server = await LoopbackServer.StartAsync(_model.ModelPath);

        // The README's address is the one its `dotnet run` line binds; the test's server has a free port.
        string output = await Bash(command.Replace("http://127.0.0.1:5000/", server.Address.ToString(), StringComparison.Ordinal), _model.Folder);

        using JsonDocument answer = JsonDocument.Parse(output);
        answer.RootElement.GetProperty("index").GetInt32().Should().Be(_model.TestLabels[digit]);
        answer.RootElement.GetProperty("top").GetArrayLength().Should().Be(3);
    }

    private static string CurlExample()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        Match section = WebAppSection().Match(readme);
        section.Success.Should().BeTrue("the README has a ## A model inside a web app section");
        Match curl = CurlBlock().Match(section.Groups[1].Value);
        curl.Success.Should().BeTrue("the section has a ```bash block with a curl command");
        return curl.Groups[1].Value.Trim();
    }

    private static async Task<string> Bash(string command, string directory)
    {
        var start = new ProcessStartInfo("bash", ["-c", command]) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, $"{command}\n{error}");
        return output;
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NeuralNet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No NeuralNet.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^## A model inside a web app\s*$(.*?)(?=^## )", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex WebAppSection();

    [GeneratedRegex(@"^```bash\r?\n(curl [^\n]*)\n```", RegexOptions.Multiline)]
    private static partial Regex CurlBlock();
}
