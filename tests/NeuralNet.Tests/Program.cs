using System.Globalization;
using NeuralNet.Tests.Serialization;

namespace NeuralNet.Tests;

/// <summary>Lets the test assembly run as a small console program, so that tests can do work in a second process.</summary>
/// <remarks>
/// <c>dotnet exec NeuralNet.Tests.dll save-model &lt;path&gt; &lt;seed&gt; &lt;times&gt;</c> builds
/// <see cref="TestModels.ForConcurrency"/> from the seed, prints <c>ready</c>, waits for a line <c>go</c> on its input
/// (so that two processes start saving together), then saves the model to the path that many times.
/// </remarks>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args is not ["save-model", string path, string seedText, string timesText])
        {
            Console.Error.WriteLine("usage: save-model <path> <seed> <times>");
            return 2;
        }

        Network network = TestModels.ForConcurrency(int.Parse(seedText, CultureInfo.InvariantCulture));
        Console.WriteLine("ready");
        if (Console.ReadLine() != "go")
        {
            return 3;
        }

        int times = int.Parse(timesText, CultureInfo.InvariantCulture);
        for (int i = 0; i < times; i++)
        {
            network.Save(path);
        }

        return 0;
    }
}
