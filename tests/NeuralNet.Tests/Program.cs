using System.Globalization;
using NeuralNet.Serialization;
using NeuralNet.Tests.Serialization;

namespace NeuralNet.Tests;

/// <summary>Lets the test assembly run as a small console program, so that tests can do work in a second process.</summary>
/// <remarks>
/// <para><c>dotnet exec NeuralNet.Tests.dll train-checkpointed &lt;folder&gt;</c> runs <see cref="Training.CheckpointScenario"/>
/// with a checkpoint after every epoch, printing <c>checkpoint N</c> after each and pausing a little, so that the
/// parent can end the process in the middle of the run.</para>
/// <para><c>dotnet exec NeuralNet.Tests.dll save-model &lt;path&gt; &lt;seed&gt; &lt;times&gt;</c> builds
/// <see cref="TestModels.ForConcurrency"/> from the seed, prints <c>ready</c>, waits for a line <c>go</c> on its input
/// (so that two processes start saving together), then saves the model to the path that many times.</para>
/// <para><c>dotnet exec NeuralNet.Tests.dll operator-checks</c> compares every elementwise operator with its scalar form
/// (<see cref="Compute.OperatorChecks"/>), so that a test can repeat that under other vector widths; <c>sparse-checks</c> does
/// the same for the products with mostly-zero inputs (<see cref="Compute.SparseProductChecks"/>).</para>
/// </remarks>
internal static class Program
{
    /// <summary>The epochs of the run that <c>train-checkpointed</c> starts (and a test ends long before).</summary>
    public const int KilledRunEpochs = 60;

    public static int Main(string[] args)
    {
        if (args is ["train-checkpointed", string folder])
        {
            return TrainCheckpointed(folder);
        }

        if (args is ["operator-checks"])
        {
            return Compute.OperatorChecks.RunAll(Console.Out);
        }

        if (args is ["sparse-checks"])
        {
            return Compute.SparseProductChecks.RunAll(Console.Out);
        }

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

    private static int TrainCheckpointed(string folder)
    {
        var (train, validation) = Training.CheckpointScenario.Data();
        NeuralNet.Training.Trainer trainer = Training.CheckpointScenario.Create(Path.Combine(folder, "checkpoint-epoch-{epoch}.nnc"), epochs: KilledRunEpochs);
        trainer.Fit(train, validation, new Training.SynchronousProgress(p =>
        {
            if (p.IsEpochEnd)
            {
                Console.WriteLine($"checkpoint {p.Epoch}");
                Thread.Sleep(100);
            }
        }));
        return 0;
    }
}
