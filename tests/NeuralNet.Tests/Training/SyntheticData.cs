using NeuralNet.Data;
using NeuralNet.Randomness;

namespace NeuralNet.Tests.Training;

/// <summary>Small classification problems the tests build themselves, with known answers.</summary>
internal static class SyntheticData
{
    /// <summary>The four XOR points, each repeated <paramref name="copies"/> times: class 1 when exactly one input is 1.</summary>
    public static Dataset Xor(int copies = 1)
    {
        float[,] points = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
        int[] classes = [0, 1, 1, 0];
        Matrix<float> inputs = Matrix<float>.Build.Dense(2, 4 * copies, (i, j) => points[j % 4, i]);
        int[] labels = Enumerable.Range(0, 4 * copies).Select(j => classes[j % 4]).ToArray();
        return new Dataset(inputs, labels, 2);
    }

    /// <summary>Two interleaved spirals of <paramref name="perClass"/> points each (the classic hard 2-D problem).</summary>
    public static Dataset Spirals(int perClass, int seed, double noise = 0.02)
    {
        var random = new SeededRandom(seed);
        Matrix<float> inputs = Matrix<float>.Build.Dense(2, 2 * perClass);
        int[] labels = new int[2 * perClass];
        for (int c = 0; c < 2; c++)
        {
            for (int k = 0; k < perClass; k++)
            {
                int j = (c * perClass) + k;
                double t = 0.25 + (2.75 * Math.PI * k / perClass); // about 1.4 turns
                double r = t / (3 * Math.PI);
                double angle = t + (c * Math.PI);
                inputs[0, j] = (float)((r * Math.Cos(angle)) + (noise * random.NextGaussian()));
                inputs[1, j] = (float)((r * Math.Sin(angle)) + (noise * random.NextGaussian()));
                labels[j] = c;
            }
        }

        return new Dataset(inputs, labels, 2);
    }

    /// <summary>Three Gaussian blobs far apart in 4-D: linearly separable with a margin.</summary>
    public static Dataset Blobs(int perClass, int seed, int classes = 3, int features = 4)
    {
        var random = new SeededRandom(seed);
        Matrix<float> inputs = Matrix<float>.Build.Dense(features, classes * perClass);
        int[] labels = new int[classes * perClass];
        for (int j = 0; j < labels.Length; j++)
        {
            int c = j % classes;
            labels[j] = c;
            for (int i = 0; i < features; i++)
            {
                float centre = i == c % features ? 3f : 0f;
                inputs[i, j] = centre + (float)(0.4 * random.NextGaussian());
            }
        }

        return new Dataset(inputs, labels, classes);
    }

    /// <summary>The parameters of <paramref name="network"/> as arrays, to compare runs.</summary>
    public static float[][] Weights(Network network) =>
        network.Parameters.Select(p => p.ValueSpan.ToArray()).ToArray();
}
