using NeuralNet.Activations;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Preprocessing;
using NeuralNet.Randomness;

namespace NeuralNet.Tests.Serialization;

/// <summary>Small convolutional networks with every kind of layer, and image data they can learn, for the model-file, checkpoint and ONNX tests.</summary>
internal static class TestCnns
{
    /// <summary>The input of <see cref="EveryLayer"/>: two channels of 8 × 8.</summary>
    public static readonly SampleShape Input = new(2, 8, 8);

    /// <summary>
    /// conv 4×3×3 (pad 1, ReLU) → batch norm per channel → max-pool 2 → conv 6×3×3 (stride 2, pad 1, tanh) → average-pool 2
    /// (stride 1) → dense 5 (ReLU) → batch norm of 5 features → dropout 0.3 → dense 3 (softmax), on 2×8×8 samples.
    /// </summary>
    public static Network EveryLayer(int seed = 1, float dropout = 0.3f)
    {
        var random = new SeededRandom(seed);
        var conv1 = new Conv2D(Input, 4, 3, new Relu(), padding: 1, random: random);
        var norm1 = new BatchNorm(conv1.OutputShape, momentum: 0.2f, epsilon: 1e-4f);
        var pool = new MaxPool2D(norm1.OutputShape, 2);
        var conv2 = new Conv2D(pool.OutputShape, 6, 3, new Tanh(), stride: 2, padding: 1, random: random);
        var average = new AveragePool2D(conv2.OutputShape, 2, 1);
        var dense = new DenseLayer(average.OutputSize, 5, new Relu(), random: random);
        var norm2 = new BatchNorm(5);
        return new Network(conv1, norm1, pool, conv2, average, dense, norm2, new Dropout(5, dropout, seed + 17), new DenseLayer(5, 3, new Softmax(), random: random));
    }

    /// <summary><see cref="EveryLayer"/> after a few training-mode passes, so that its running statistics are not the starting 0 and 1, with a per-feature scaling.</summary>
    public static Network Warmed(int seed = 1)
    {
        Network network = EveryLayer(seed);
        for (int pass = 0; pass < 3; pass++)
        {
            network.Forward(Support.TestMatrices.Random(network.InputSize, 16, seed: 40 + pass, scale: 2f));
        }

        float[] scale = [.. Enumerable.Range(0, network.InputSize).Select(i => 0.5f + (i % 7 * 0.1f))];
        float[] shift = [.. Enumerable.Range(0, network.InputSize).Select(i => (i % 5 * 0.2f) - 0.4f)];
        network.InputScaling = InputScaling.Affine("affine", scale, shift);
        return network;
    }

    /// <summary>Every running mean and variance of the network's batch norms, as bit patterns.</summary>
    public static int[] RunningStatisticsBits(Network network) =>
        [.. network.Layers.OfType<BatchNorm>().SelectMany(b => TestModels.Bits(b.RunningMean).Concat(TestModels.Bits(b.RunningVariance)))];

    /// <summary>Three classes of 2×8×8 images: a bright 3×3 patch in channel 0 at the top left, in channel 1 at the centre, or in both at the bottom right, on noise.</summary>
    public static Dataset Images(int count, int seed)
    {
        var random = new SeededRandom(seed);
        Matrix<float> inputs = Matrix<float>.Build.Dense(Input.Size, count);
        int[] labels = new int[count];
        for (int j = 0; j < count; j++)
        {
            int label = j % 3;
            labels[j] = label;
            for (int i = 0; i < Input.Size; i++)
            {
                inputs[i, j] = (float)(0.3 * random.NextGaussian());
            }

            (int top, int left) = label switch { 0 => (0, 0), 1 => (3, 3), _ => (5, 5) };
            for (int c = 0; c < 2; c++)
            {
                if ((label == 0 && c == 1) || (label == 1 && c == 0))
                {
                    continue;
                }

                for (int y = top; y < top + 3; y++)
                {
                    for (int x = left; x < left + 3; x++)
                    {
                        inputs[(c * 64) + (y * 8) + x, j] += 1.5f;
                    }
                }
            }
        }

        return new Dataset(inputs, labels, 3);
    }
}
