using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Packaging;

/// <summary>The NuGet package, proven from the outside: packed, referenced by a fresh app, and running the README's Quick start verbatim.</summary>
public sealed partial class PackageTests
{
    [Fact]
    public void QuickStart_FromPackedPackage_BuildsAndRuns()
    {
        string work = Directory.CreateTempSubdirectory("neuralnet-package-").FullName;
        try
        {
            string feed = Path.Combine(work, "feed");
            Dotnet(RepositoryRoot.Path, "pack", "src/NeuralNet/NeuralNet.csproj", "-c", "Release", "-o", feed, "-p:ContinuousIntegrationBuild=true");
            string version = PackageVersion();
            File.Exists(Path.Combine(feed, $"NeuralNet.{version}.nupkg")).Should().BeTrue();
            File.Exists(Path.Combine(feed, $"NeuralNet.{version}.snupkg")).Should().BeTrue();

            string app = Path.Combine(work, "app");
            Directory.CreateDirectory(app);
            File.WriteAllText(Path.Combine(app, "QuickStart.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="NeuralNet" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);

            // A private packages folder, so a package of the same version from an earlier run is never reused;
            // the machine's package cache serves the dependencies as a plain folder feed.
            string globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                    <add key="cache" value="{globalPackages}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(app, "Program.cs"), QuickStartProgram());

            var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(work, "packages") };
            ProcessRunner.Result run = ProcessRunner.Run("dotnet", ["run", "-c", "Release"], app, environment, TimeSpan.FromMinutes(5));

            run.ExitCode.Should().Be(0, run.Output);
            Match accuracy = AccuracyLine().Match(run.Output);
            accuracy.Success.Should().BeTrue(run.Output);
            double.Parse(accuracy.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(95, run.Output);
            run.Output.Should().Contain("Network(2-16-2) trained for 30 epochs")
                .And.Contain("Class of (0.9, 0.8): 1,", "0.9 + 0.8 > 1")
                .And.Contain("Loaded model agrees on every test sample: True", "a saved model predicts as the one that was saved");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void Package_HasMetadataReadmeAndDocs()
    {
        string feed = Directory.CreateTempSubdirectory("neuralnet-pack-").FullName;
        try
        {
            Dotnet(RepositoryRoot.Path, "pack", "src/NeuralNet/NeuralNet.csproj", "-c", "Release", "-o", feed);
            string version = PackageVersion();
            using ZipArchive package = ZipFile.OpenRead(Path.Combine(feed, $"NeuralNet.{version}.nupkg"));
            package.Entries.Select(e => e.FullName).Should().Contain(["README.md", "lib/net10.0/NeuralNet.dll", "lib/net10.0/NeuralNet.xml"]);

            using Stream nuspecStream = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
            XElement metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string Field(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
            Field("id").Should().Be("NeuralNet");
            Field("license").Should().Be("MIT");
            Field("readme").Should().Be("README.md");
            Field("description").Should().NotBeNullOrWhiteSpace();
            Field("tags").Should().Contain("mnist");
            metadata.Elements().Should().Contain(e => e.Name.LocalName == "repository");
        }
        finally
        {
            Directory.Delete(feed, recursive: true);
        }
    }

    /// <summary>The first C# block under the README's "Quick start" heading, verbatim.</summary>
    internal static string QuickStartProgram()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        Match match = QuickStartBlock().Match(readme);
        match.Success.Should().BeTrue("the README has a ```csharp block under ## Quick start");
        return match.Groups[1].Value;
    }

    private static string PackageVersion()
    {
        XDocument props = XDocument.Load(Path.Combine(RepositoryRoot.Path, "Directory.Build.props"));
        return props.Descendants("Version").Single().Value;
    }

    private static void Dotnet(string directory, params string[] arguments)
    {
        ProcessRunner.Result result = ProcessRunner.Run("dotnet", arguments, directory, timeout: TimeSpan.FromMinutes(5));
        result.ExitCode.Should().Be(0, result.Output);
        result.Output.Should().NotContainAny(["warning NU", "warning CS"]);
    }

    [GeneratedRegex(@"^## Quick start\s*$(?:(?!^## ).)*?^```csharp\r?\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex QuickStartBlock();

    [GeneratedRegex(@"Accuracy: ([0-9.]+)%")]
    private static partial Regex AccuracyLine();
}
