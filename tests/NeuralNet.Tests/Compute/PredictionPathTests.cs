using NeuralNet.Data;
using NeuralNet.Preprocessing;

namespace NeuralNet.Tests.Compute;

public sealed class PredictionPathTests
{
    [Fact]
    public void PredictProbabilities_UnitRangeFoldedIntoFirstProduct_MatchesForwardOnScaledInputs()
    {
        Network network = Network.Create([784, 32, 10], seed: 4);
        network.InputScaling = InputScaling.UnitRange;
        var random = new Random(8);
        Matrix<float> raw = Matrix<float>.Build.Dense(784, 40, (_, _) => random.Next(256));

        Matrix<float> folded = network.PredictProbabilities(raw);
        Matrix<float> expected = network.Forward(raw / 255f).Clone();

        ShouldBeClose(folded, expected);
        network.Predict(raw).Should().Equal(Enumerable.Range(0, 40).Select(j => expected.Column(j).MaximumIndex()));
    }

    [Fact]
    public void PredictProbabilities_ShiftedScaling_MatchesForwardOnScaledInputs()
    {
        Network network = Network.Create([6, 5, 3], seed: 4);
        network.InputScaling = InputScaling.Standardize([100f], [50f]);
        var random = new Random(9);
        Matrix<float> raw = Matrix<float>.Build.Dense(6, 7, (_, _) => random.Next(256));

        Matrix<float> predicted = network.PredictProbabilities(raw);
        Matrix<float> expected = network.Forward((raw - 100f) / 50f).Clone();

        ShouldBeClose(predicted, expected);
    }

    [Fact]
    public void PredictProbabilities_OneSample_MatchesBatchColumn()
    {
        Network network = Network.Create([784, 32, 10], seed: 4);
        network.InputScaling = InputScaling.UnitRange;
        var random = new Random(10);
        Matrix<float> raw = Matrix<float>.Build.Dense(784, 3, (_, _) => random.Next(256));

        float[] single = network.PredictProbabilities(raw.Column(1).ToArray());

        ShouldBeClose(Matrix<float>.Build.DenseOfColumnArrays(single), network.PredictProbabilities(raw).Column(1).ToColumnMatrix());
    }

    private static void ShouldBeClose(Matrix<float> actual, Matrix<float> expected)
    {
        for (int i = 0; i < expected.RowCount; i++)
        {
            for (int j = 0; j < expected.ColumnCount; j++)
            {
                actual[i, j].Should().BeApproximately(expected[i, j], 1e-5f, $"element ({i},{j})");
            }
        }
    }
}
