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
    /// <exception cref="UsageException">The feature counts differ, or a label is beyond the network's outputs.</exception>
    public static void Check(Network network, Dataset data, string networkName, string dataName)
    {
        if (network.InputSize != data.FeatureCount)
        {
            throw new UsageException(
                $"{networkName} ({network}) takes {network.InputSize} features per sample but {dataName} has {data.FeatureCount}; the architecture does not fit the data.");
        }

        if (data.HasLabels && data.ClassCount > network.OutputSize)
        {
            throw new UsageException(
                $"{networkName} ({network}) has {network.OutputSize} outputs but {dataName} has labels up to {data.ClassCount - 1}; the architecture does not fit the data.");
        }
    }
}
