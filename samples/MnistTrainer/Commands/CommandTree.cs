using System.CommandLine;
using MnistTrainer.Options;

namespace MnistTrainer.Commands;

/// <summary>The root command and its subcommands, built for one run over one <see cref="CommandContext"/>.</summary>
internal static class CommandTree
{
    /// <summary>Builds the tree.</summary>
    public static RootCommand Build(CommandContext context)
    {
        var root = new RootCommand(
            "Trains, evaluates and uses fully-connected networks on MNIST-style digits with the NeuralNet library. "
            + "'train' is the default: with no arguments it fetches MNIST into data/mnist, trains, evaluates and writes a report into runs/<timestamp>.")
        {
            CommandOptionsVerbose(),
            new TrainCommand(context).Build(),
        };
        return root;
    }

    private static Option<bool> CommandOptionsVerbose() => CommonOptions.Verbose();
}
