using NeuralNet;
using NeuralNet.Data;

namespace MnistTrainer.Runs;

/// <summary>Checks that a network and a dataset fit together, before the library would throw in the middle of the work.</summary>
internal static class Fit
{
    /// <summary>Throws when <paramref name="network"/> cannot take <paramref name="data"/>'s samples or predict its classes.</summary>
    /// <param name="network">The network.</param>
    /// <param name="data">The samples.</param>
    /// <param name="networkName">What the network is called in the message, such as <c>the model runs/x/model.nnet</c>.</param>
    /// <param name="dataName">What the data is called, such as <c>the test set</c>.</param>
    /// <exception cref="UsageException">The feature counts differ, a label is beyond the network's outputs, or the data's task (classes or targets) is not the network's.</exception>
    public static void Check(Network network, Dataset data, string networkName, string dataName)
    {
        CheckFeatures(network, data, networkName, dataName);
        bool regression = OutputHead.IsRegression(network);
        if (data.Task == DatasetTask.Regression && (!regression || data.TargetCount != network.OutputSize))
        {
            throw new UsageException(regression
                ? $"{networkName} ({network}) predicts {network.OutputSize} values per sample but {dataName} has {data.TargetCount} targets; the architecture does not fit the data."
                : $"{networkName} ({network}) predicts classes but {dataName} has regression targets; evaluate it on labelled classes, or train a regression (--task regression).");
        }

        if (data.HasLabels && regression)
        {
            throw new UsageException($"{networkName} ({network}) predicts values (a regression) but {dataName} has class labels; give the file with its numeric target (--label NAME).");
        }

        if (data.HasLabels && data.ClassCount > network.OutputSize)
        {
            throw new UsageException(
                $"{networkName} ({network}) has {network.OutputSize} outputs but {dataName} has labels up to {data.ClassCount - 1}; the architecture does not fit the data.");
        }
    }

    /// <summary>Throws when <paramref name="network"/> cannot take <paramref name="data"/>'s samples (samples to predict, whose labels, if any, do not matter).</summary>
    /// <exception cref="UsageException">The feature counts differ.</exception>
    public static void CheckFeatures(Network network, Dataset data, string networkName, string dataName)
    {
        if (network.InputSize != data.FeatureCount)
        {
            throw new UsageException(
                $"{networkName} ({network}) takes {network.InputSize} features per sample but {dataName} has {data.FeatureCount}; the architecture does not fit the data.");
        }
    }
}
