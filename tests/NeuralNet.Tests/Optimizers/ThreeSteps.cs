using NeuralNet.Layers;
using NeuralNet.Optimizers;

namespace NeuralNet.Tests.Optimizers;

/// <summary>The shared first-steps problem: a 2x1 parameter starting at (0.5, −1) and three fixed gradients, one per step.</summary>
internal static class ThreeSteps
{
    public const double W0 = 0.5;
    public const double W1 = -1.0;

    // Gradient of coordinate i at step s is Gradients[s][i]: a sign change in each coordinate, and one small value.
    public static readonly double[][] Gradients = [[0.1, -0.2], [0.3, 0.05], [-0.2, 0.4]];

    /// <summary>Runs three steps and returns the parameter's values after each.</summary>
    public static float[][] Run(Optimizer optimizer)
    {
        var parameter = new Parameter("w", 2, 1);
        parameter.ValueSpan[0] = (float)W0;
        parameter.ValueSpan[1] = (float)W1;
        var results = new float[Gradients.Length][];
        for (int step = 0; step < Gradients.Length; step++)
        {
            parameter.GradientSpan[0] = (float)Gradients[step][0];
            parameter.GradientSpan[1] = (float)Gradients[step][1];
            optimizer.Step([parameter]);
            results[step] = parameter.ValueSpan.ToArray();
        }

        return results;
    }

    /// <summary>Asserts each step's values equal the expected ones to 1e-6 relative.</summary>
    /// <param name="actual">The values after each step, from <see cref="Run"/>.</param>
    /// <param name="expected">The expected values: expected[step][coordinate].</param>
    public static void ShouldMatch(float[][] actual, double[][] expected)
    {
        actual.Should().HaveSameCount(expected);
        for (int step = 0; step < expected.Length; step++)
        {
            for (int i = 0; i < expected[step].Length; i++)
            {
                actual[step][i].Should().BeApproximately(
                    (float)expected[step][i],
                    (float)(1e-6 * Math.Abs(expected[step][i])),
                    $"coordinate {i} after step {step + 1}");
            }
        }
    }

    /// <summary>Transposes per-coordinate trajectories (w1, w2, w3 of each coordinate) into per-step values.</summary>
    public static double[][] ByStep(double[] coordinate0, double[] coordinate1) =>
        [[coordinate0[0], coordinate1[0]], [coordinate0[1], coordinate1[1]], [coordinate0[2], coordinate1[2]]];
}
