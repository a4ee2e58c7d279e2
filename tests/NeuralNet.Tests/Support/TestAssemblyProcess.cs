using System.Diagnostics;

namespace NeuralNet.Tests.Support;

/// <summary>Starts this test assembly as a second process (see <see cref="Program"/>), for tests that need one.</summary>
internal static class TestAssemblyProcess
{
    /// <summary>A start description for <c>dotnet exec NeuralNet.Tests.dll arguments…</c> with its output redirected.</summary>
    public static ProcessStartInfo StartInfo(params string[] arguments)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    // The test host runs under dotnet; outside it (an IDE's runner), the SDK says where its host is.
    private static string DotnetHost() =>
        Environment.ProcessPath is string host && Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? host
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
}
