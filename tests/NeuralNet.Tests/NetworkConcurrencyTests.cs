using NeuralNet.Data;
using NeuralNet.Preprocessing;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests;

public sealed class NetworkConcurrencyTests
{
    [Fact]
    public void Predict_EightThreadsAtOnce_GiveTheSingleThreadAnswers()
    {
        Network network = Network.Create([32, 24, 10], seed: 7);
        network.InputScaling = InputScaling.UnitRange;

        PredictConcurrently(network, TestMatrices.Random(32, 10_000, seed: 8, scale: 100f));
    }

    [Fact]
    public void Predict_EightThreadsAtOnceOnPictures_GiveTheSingleThreadAnswers()
    {
        // Mostly-zero inputs into a 784-128 layer: the sparse kernels, with their per-thread lists.
        Network network = Network.Create([784, 128, 10], seed: 7);
        network.InputScaling = InputScaling.UnitRange;

        PredictConcurrently(network, Compute.SparseProductChecks.Pictures(new Random(9), 784, 2_000, specials: false));
    }

    private static void PredictConcurrently(Network network, Matrix<float> inputs)
    {
        float[][] samples = Enumerable.Range(0, inputs.ColumnCount).Select(j => inputs.Column(j).ToArray()).ToArray();
        int[] expected = samples.Select(s => network.Predict(s)).ToArray();
        Matrix<float> expectedProbabilities = network.PredictProbabilities(inputs);

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var start = new Barrier(8);
        Thread[] threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < samples.Length; i++)
            {
                int j = (i + (t * samples.Length / 8)) % samples.Length;
                if (network.Predict(samples[j]) != expected[j])
                {
                    failures.Add($"thread {t}, sample {j}");
                }
            }

            // Batches of several sizes at once as well.
            Matrix<float> probabilities = network.PredictProbabilities(inputs);
            if (!probabilities.Equals(expectedProbabilities))
            {
                failures.Add($"thread {t}, batch");
            }
        })).ToArray();

        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        failures.Should().BeEmpty();
    }
}
