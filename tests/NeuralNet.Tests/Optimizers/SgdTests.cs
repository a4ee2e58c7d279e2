using NeuralNet.Optimizers;

namespace NeuralNet.Tests.Optimizers;

public sealed class SgdTests
{
    private const float LearningRate = 0.1f;

    [Fact]
    public void Step_ThreeSteps_MatchesHandComputedValues()
    {
        static double[] ByHand(double w, double g1, double g2, double g3)
        {
            double lr = LearningRate;
            double w1 = w - (lr * g1);
            double w2 = w1 - (lr * g2);
            double w3 = w2 - (lr * g3);
            return [w1, w2, w3];
        }

        double[][] g = ThreeSteps.Gradients;
        ThreeSteps.ShouldMatch(
            ThreeSteps.Run(new Sgd(LearningRate)),
            ThreeSteps.ByStep(
                ByHand(ThreeSteps.W0, g[0][0], g[1][0], g[2][0]),
                ByHand(ThreeSteps.W1, g[0][1], g[1][1], g[2][1])));
    }

    [Fact]
    public void Step_ThreeSteps_MatchesTorch()
    {
        // From torch 1.13 torch.optim.SGD(lr=0.1) on the same start and gradients.
        double[][] torch =
        [
            [0.49000001, -0.980000019],
            [0.460000008, -0.985000014],
            [0.480000019, -1.02499998],
        ];

        ThreeSteps.ShouldMatch(ThreeSteps.Run(new Sgd(LearningRate)), torch);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Constructor_LearningRateNotPositiveFinite_Throws(float learningRate)
    {
        Action create = () => _ = new Sgd(learningRate);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*learning rate of SGD*");
    }

    [Fact]
    public void StateNames_None()
    {
        new Sgd(0.1f).StateNames.Should().BeEmpty();
    }

    [Fact]
    public void ToString_ShowsLearningRate()
    {
        new Sgd(0.1f).ToString().Should().Be("SGD(lr=0.1)");
    }
}
