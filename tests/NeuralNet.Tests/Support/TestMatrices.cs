using NeuralNet.Randomness;

namespace NeuralNet.Tests.Support;

/// <summary>Small random matrices and one-hot targets for tests.</summary>
internal static class TestMatrices
{
    public static Matrix<float> Random(int rows, int columns, int seed, float scale = 1f)
    {
        var random = new SeededRandom(seed);
        Matrix<float> m = Matrix<float>.Build.Dense(rows, columns);
        float[] values = m.AsColumnMajorArray();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextGaussian() * scale);
        }

        return m;
    }

    public static Matrix<float> OneHot(int classes, int columns, int seed)
    {
        var random = new SeededRandom(seed);
        Matrix<float> y = Matrix<float>.Build.Dense(classes, columns);
        for (int j = 0; j < columns; j++)
        {
            y[random.NextInt(classes), j] = 1f;
        }

        return y;
    }

    /// <summary>Targets in (0.1, 0.9), for regression losses.</summary>
    public static Matrix<float> Uniform(int rows, int columns, int seed)
    {
        var random = new SeededRandom(seed);
        Matrix<float> y = Matrix<float>.Build.Dense(rows, columns);
        float[] values = y.AsColumnMajorArray();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = 0.1f + (0.8f * random.NextSingle());
        }

        return y;
    }
}
