using NeuralNet;
using NeuralNet.Data;
using NeuralNet.Preprocessing;

namespace MnistTrainer.Runs;

/// <summary>The network's class for every sample of a dataset, whatever scaling the dataset was loaded with.</summary>
internal static class Predictions
{
    private const int Chunk = 2048;

    /// <summary>Predicts every sample of <paramref name="data"/>.</summary>
    /// <remarks><c>Predict</c> takes raw inputs and applies the network's own scaling, so the samples are turned back into raw values first, a chunk at a time.</remarks>
    public static int[] Classes(Network network, Dataset data)
    {
        var classes = new int[data.Count];
        int[] indices = new int[Chunk];
        for (int start = 0; start < data.Count; start += Chunk)
        {
            int count = Math.Min(Chunk, data.Count - start);
            for (int i = 0; i < count; i++)
            {
                indices[i] = start + i;
            }

            Dataset raw = data.Subset(indices.AsSpan(0, count)).WithScaling(InputScaling.None);
            network.Predict(raw.Inputs, classes.AsSpan(start, count));
        }

        return classes;
    }
}
