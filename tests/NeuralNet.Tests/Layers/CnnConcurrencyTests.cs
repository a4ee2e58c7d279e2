using NeuralNet.Activations;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Preprocessing;
using NeuralNet.Randomness;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Layers;

public sealed class CnnConcurrencyTests
{
    [Fact]
    public void Predict_SixThreadsAtOnce_GiveTheSingleThreadAnswers()
    {
        // Conv2D's im2col scratch for inference is rented per call, never a field: threads must not see each other's.
        Network network = SmallCnn();
        network.InputScaling = InputScaling.UnitRange;
        Matrix<float> inputs = TestMatrices.Random(network.InputSize, 300, seed: 8, scale: 100f);
        float[][] samples = [.. Enumerable.Range(0, inputs.ColumnCount).Select(j => inputs.Column(j).ToArray())];
        float[][] expected = [.. samples.Select(s => network.PredictProbabilities(s))];
        Matrix<float> expectedBatch = network.PredictProbabilities(inputs);

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var start = new Barrier(6);
        Thread[] threads = [.. Enumerable.Range(0, 6).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < samples.Length; i++)
            {
                int j = (i + (t * 50)) % samples.Length;
                if (!network.PredictProbabilities(samples[j]).AsSpan().SequenceEqual(expected[j]))
                {
                    failures.Add($"thread {t}, sample {j}");
                }

                if (i % 100 == 0 && !network.PredictProbabilities(inputs).Equals(expectedBatch))
                {
                    failures.Add($"thread {t}, batch at {i}");
                }
            }
        }))];

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

    /// <summary>conv (pad 1) → max-pool → conv (stride 2) → batch norm → average pool → dense softmax, on 1×12×10 inputs.</summary>
    internal static Network SmallCnn(int seed = 1)
    {
        var random = new SeededRandom(seed);
        var conv1 = new Conv2D(new SampleShape(1, 12, 10), 6, 3, new Relu(), padding: 1, random: random);
        var pool = new MaxPool2D(conv1.OutputShape, 2);
        var conv2 = new Conv2D(pool.OutputShape, 8, 3, new Tanh(), stride: 2, padding: 1, random: random);
        var norm = new BatchNorm(conv2.OutputShape);
        var average = new AveragePool2D(conv2.OutputShape, 2, 1);
        return new Network(conv1, pool, conv2, norm, average, new DenseLayer(average.OutputSize, 10, new Softmax(), random: random));
    }
}
