using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NeuralNet.Imaging.Tests.Support;
using NeuralNet.Serialization;
using SkiaSharp;

namespace NeuralNet.Imaging.Tests;

/// <summary>The README's "Images" examples, verbatim, compiled as a fresh console app against the library and run.</summary>
/// <remarks>The app references the assemblies of this test run and the libraries' packages at the versions of <c>Directory.Packages.props</c>.</remarks>
public sealed partial class ReadmeExampleTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ImagesSection_CSharpExamples_BuildAndRun()
    {
        string[] blocks = ImagesBlocks();
        blocks.Should().HaveCount(2, "the Images section has the one-file example and the ImageFolder example");
        string app = _folder.File("app/App.csproj");
        File.WriteAllText(app, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <!-- The assemblies this test run built, so that the app builds nothing of the repository's own. -->
                <Reference Include="{Path.Combine(AppContext.BaseDirectory, "NeuralNet.dll")}" />
                <Reference Include="{Path.Combine(AppContext.BaseDirectory, "NeuralNet.Imaging.dll")}" />
                <PackageReference Include="MathNet.Numerics" Version="{Version("MathNet.Numerics")}" />
                <PackageReference Include="System.Numerics.Tensors" Version="{Version("System.Numerics.Tensors")}" />
                <PackageReference Include="Google.Protobuf" Version="{Version("Google.Protobuf")}" />
                <PackageReference Include="SkiaSharp" Version="{Version("SkiaSharp")}" />
                <PackageReference Include="SkiaSharp.NativeAssets.Linux.NoDependencies" Version="{Version("SkiaSharp.NativeAssets.Linux.NoDependencies")}" />
              </ItemGroup>
            </Project>
            """);
        string work = Path.GetDirectoryName(app)!;

        // What the examples read: a model, one drawing, and a folder of two classes.
        Network.Create([784, 16, 10], seed: 1).Save(Path.Combine(work, "model.nnet"));
        Pictures.Save(Pictures.Ring(200, 200, SKColors.White, SKColors.Black), Path.Combine(work, "digit.png"));
        for (int n = 0; n < 8; n++)
        {
            Pictures.Save(Pictures.Ring(60 + (5 * n), 80, SKColors.White, SKColors.Black), _folder.File($"app/digits/0/{n}.png"));
            Pictures.Save(Pictures.Bar(60, 70 + (5 * n), SKColors.White, SKColors.Black), _folder.File($"app/digits/1/{n}.png"));
        }

        File.WriteAllText(Path.Combine(work, "Program.cs"), blocks[0]);
        string first = Run(work);
        File.WriteAllText(Path.Combine(work, "Program.cs"), blocks[1]);
        string second = Run(work);

        first.Should().MatchRegex(@"digit\.png is a \d");
        second.Should().MatchRegex(@"classes 0, 1: \d+\.\d%");
    }

    /// <summary>The version <c>Directory.Packages.props</c> names for <paramref name="package"/>.</summary>
    private static string Version(string package) =>
        XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == package).Attribute("Version")!.Value;

    private static string Run(string directory)
    {
        var start = new ProcessStartInfo("dotnet", ["run", "-c", "Release"])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.WaitForExit(TimeSpan.FromMinutes(5)).Should().BeTrue("the example builds and runs within five minutes");
        process.ExitCode.Should().Be(0, output.Result + error.Result);
        return output.Result;
    }

    private static string[] ImagesBlocks()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md"));
        Match section = ImagesSection().Match(readme);
        section.Success.Should().BeTrue("the README has a ## Images section");
        return [.. CSharpBlock().Matches(section.Groups[1].Value).Select(m => m.Groups[1].Value)];
    }

    private static string RepositoryRoot
    {
        get
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
    }

    [GeneratedRegex(@"^## Images\s*$(.*?)(?=^## )", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ImagesSection();

    [GeneratedRegex(@"^```csharp\r?\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
