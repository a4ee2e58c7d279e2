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
            CommonOptions.Verbose(),
            new TrainCommand(context).Build(),
            new EvaluateCommand(context).Build(),
            new PredictCommand(context).Build(),
            new TuneCommand(context).Build(),
            new ShowCommand(context).Build(),
            new ExportCommand(context).Build(),
        };
        TextValues.RequireInAll(root);
        return root;
    }
}
