using System.Numerics.Tensors;
using NeuralNet.Optimizers;

namespace NeuralNet.Tests.Optimizers;

public sealed class NesterovTests
{
    private const float LearningRate = 0.1f;
    private const float Mu = 0.9f;

    [Fact]
    public void Step_ThreeSteps_MatchesHandComputedValues()
    {
        static double[] ByHand(double w, double g1, double g2, double g3)
        {
            double lr = LearningRate, mu = Mu;
            double v1 = g1;
            double w1 = w - (lr * (g1 + (mu * v1)));
            double v2 = (mu * v1) + g2;
            double w2 = w1 - (lr * (g2 + (mu * v2)));
            double v3 = (mu * v2) + g3;
            double w3 = w2 - (lr * (g3 + (mu * v3)));
            return [w1, w2, w3];
        }

        double[][] g = ThreeSteps.Gradients;
        ThreeSteps.ShouldMatch(
            ThreeSteps.Run(new Nesterov(LearningRate, Mu)),
            ThreeSteps.ByStep(
                ByHand(ThreeSteps.W0, g[0][0], g[1][0], g[2][0]),
                ByHand(ThreeSteps.W1, g[0][1], g[1][1], g[2][1])));
    }

    [Fact]
    public void Step_ThreeSteps_MatchesTorch()
    {
        // From torch 1.13 torch.optim.SGD(lr=0.1, momentum=0.9, nesterov=True) on the same start and gradients.
        double[][] torch =
        [
            [0.481000006, -0.962000012],
            [0.415899992, -0.955300033],
            [0.422309995, -1.02077007],
        ];

        ThreeSteps.ShouldMatch(ThreeSteps.Run(new Nesterov(LearningRate, Mu)), torch);
    }

    [Fact]
    public void Constructor_NegativeLearningRate_Throws()
    {
        Action create = () => _ = new Nesterov(-0.01f);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*learning rate of Nesterov*");
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1f)]
    [InlineData(1.5f)]
    [InlineData(-0.1f)]
    public void Constructor_MomentumOutsideOpenUnitInterval_Throws(float momentum)
    {
        Action create = () => _ = new Nesterov(0.1f, momentum);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Nesterov's momentum must be in (0, 1)*")
            .And.ParamName.Should().Be("momentum");
    }

    [Fact]
    public void PropertiesAndToString_ShowTheSettings()
    {
        var optimizer = new Nesterov(0.01f);

        optimizer.MomentumFactor.Should().Be(0.9f);
        optimizer.StateNames.Should().Equal("momentum_buffer");
        optimizer.ToString().Should().Be("Nesterov(lr=0.01, momentum=0.9)");
    }

    [Theory]
    [MemberData(nameof(PreviousPasses.Lengths), MemberType = typeof(PreviousPasses))]
    public void Step_OnePassUpdate_EqualsTheTensorPrimitivesPassesBitForBit(int length)
    {
        float[] direction = new float[length];
        PreviousPasses.ShouldEqual(new Nesterov(0.05f, 0.9f), length, stateBuffers: 1, (value, g, state, _) =>
        {
            float[] v = state[0];
            TensorPrimitives.MultiplyAdd(v, 0.9f, g, v);
            TensorPrimitives.MultiplyAdd(v, 0.9f, g, direction);
            TensorPrimitives.MultiplyAdd(direction, -0.05f, value, value);
        });
    }
}
