using System.Numerics.Tensors;
using NeuralNet.Optimizers;

namespace NeuralNet.Tests.Optimizers;

public sealed class RmsPropTests
{
    private const float LearningRate = 0.01f;
    private const float Alpha = 0.99f;
    private const float Epsilon = 1e-8f;
    private const float Mu = 0.5f;

    [Fact]
    public void Step_ThreeStepsWithoutMomentum_MatchesHandComputedValues()
    {
        static double[] ByHand(double w, double g1, double g2, double g3)
        {
            double lr = LearningRate, a = Alpha, eps = Epsilon;
            double s1 = (1 - a) * g1 * g1;
            double w1 = w - (lr * g1 / (Math.Sqrt(s1) + eps));
            double s2 = (a * s1) + ((1 - a) * g2 * g2);
            double w2 = w1 - (lr * g2 / (Math.Sqrt(s2) + eps));
            double s3 = (a * s2) + ((1 - a) * g3 * g3);
            double w3 = w2 - (lr * g3 / (Math.Sqrt(s3) + eps));
            return [w1, w2, w3];
        }

        double[][] g = ThreeSteps.Gradients;
        ThreeSteps.ShouldMatch(
            ThreeSteps.Run(new RmsProp(LearningRate, Alpha, Epsilon)),
            ThreeSteps.ByStep(
                ByHand(ThreeSteps.W0, g[0][0], g[1][0], g[2][0]),
                ByHand(ThreeSteps.W1, g[0][1], g[1][1], g[2][1])));
    }

    [Fact]
    public void Step_ThreeStepsWithMomentum_MatchesHandComputedValues()
    {
        static double[] ByHand(double w, double g1, double g2, double g3)
        {
            double lr = LearningRate, a = Alpha, eps = Epsilon, mu = Mu;
            double s1 = (1 - a) * g1 * g1;
            double b1 = g1 / (Math.Sqrt(s1) + eps); // the buffer starts at zero: μ·0 + g/(√s + ε)
            double w1 = w - (lr * b1);
            double s2 = (a * s1) + ((1 - a) * g2 * g2);
            double b2 = (mu * b1) + (g2 / (Math.Sqrt(s2) + eps));
            double w2 = w1 - (lr * b2);
            double s3 = (a * s2) + ((1 - a) * g3 * g3);
            double b3 = (mu * b2) + (g3 / (Math.Sqrt(s3) + eps));
            double w3 = w2 - (lr * b3);
            return [w1, w2, w3];
        }

        double[][] g = ThreeSteps.Gradients;
        ThreeSteps.ShouldMatch(
            ThreeSteps.Run(new RmsProp(LearningRate, Alpha, Epsilon, Mu)),
            ThreeSteps.ByStep(
                ByHand(ThreeSteps.W0, g[0][0], g[1][0], g[2][0]),
                ByHand(ThreeSteps.W1, g[0][1], g[1][1], g[2][1])));
    }

    [Fact]
    public void Step_ThreeStepsWithoutMomentum_MatchesTorch()
    {
        // From torch 1.13 torch.optim.RMSprop(lr=0.01, alpha=0.99, eps=1e-8) on the same start and gradients.
        double[][] torch =
        [
            [0.400000095, -0.900000036],
            [0.305084318, -0.92436856],
            [0.358747602, -1.01343822],
        ];

        ThreeSteps.ShouldMatch(ThreeSteps.Run(new RmsProp(LearningRate, Alpha, Epsilon)), torch);
    }

    [Fact]
    public void Step_ThreeStepsWithMomentum_MatchesTorch()
    {
        // From torch 1.13 torch.optim.RMSprop(lr=0.01, alpha=0.99, eps=1e-8, momentum=0.5) on the same start and gradients.
        double[][] torch =
        [
            [0.400000095, -0.900000036],
            [0.255084366, -0.874368548],
            [0.236289784, -0.95062238],
        ];

        ThreeSteps.ShouldMatch(ThreeSteps.Run(new RmsProp(LearningRate, Alpha, Epsilon, Mu)), torch);
    }

    [Fact]
    public void Constructor_ZeroLearningRate_Throws()
    {
        Action create = () => _ = new RmsProp(learningRate: 0f);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*learning rate of RMSprop*");
    }

    [Theory]
    [InlineData(-0.01f)]
    [InlineData(1f)]
    [InlineData(float.NaN)]
    public void Constructor_AlphaOutsideUnitInterval_Throws(float alpha)
    {
        Action create = () => _ = new RmsProp(alpha: alpha);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*RMSprop's alpha must be in [0, 1)*")
            .And.ParamName.Should().Be("alpha");
    }

    [Theory]
    [InlineData(-1e-8f)]
    [InlineData(float.PositiveInfinity)]
    public void Constructor_EpsilonNegativeOrInfinite_Throws(float epsilon)
    {
        Action create = () => _ = new RmsProp(epsilon: epsilon);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*RMSprop's epsilon must be a finite number >= 0*")
            .And.ParamName.Should().Be("epsilon");
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1f)]
    public void Constructor_MomentumOutsideUnitInterval_Throws(float momentum)
    {
        Action create = () => _ = new RmsProp(momentum: momentum);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*RMSprop's momentum must be in [0, 1)*")
            .And.ParamName.Should().Be("momentum");
    }

    [Fact]
    public void StateNames_WithMomentum_AddTheMomentumBuffer()
    {
        new RmsProp().StateNames.Should().Equal("square_avg");
        new RmsProp(momentum: 0.9f).StateNames.Should().Equal("square_avg", "momentum_buffer");
    }

    [Fact]
    public void PropertiesAndToString_ShowPyTorchDefaults()
    {
        var optimizer = new RmsProp();

        optimizer.LearningRate.Should().Be(0.01f);
        optimizer.Alpha.Should().Be(0.99f);
        optimizer.Epsilon.Should().Be(1e-8f);
        optimizer.MomentumFactor.Should().Be(0f);
        optimizer.ToString().Should().Be("RMSprop(lr=0.01, alpha=0.99, eps=1E-08, momentum=0)");
    }

    [Theory]
    [InlineData(5, 0f)]
    [InlineData(1003, 0f)]
    [InlineData(200_003, 0f)]
    [InlineData(5, 0.9f)]
    [InlineData(1003, 0.9f)]
    [InlineData(200_003, 0.9f)]
    public void Step_OnePassUpdate_EqualsTheTensorPrimitivesPassesBitForBit(int length, float momentum)
    {
        float[] d = new float[length];
        PreviousPasses.ShouldEqual(new RmsProp(LearningRate, Alpha, Epsilon, momentum), length, stateBuffers: 2, (value, g, state, _) =>
        {
            float[] s = state[0], b = state[1];
            TensorPrimitives.Multiply(g, g, d);
            TensorPrimitives.Multiply(s, Alpha, s);
            TensorPrimitives.MultiplyAdd(d, 1f - Alpha, s, s);
            TensorPrimitives.Sqrt(s, d);
            TensorPrimitives.Add(d, Epsilon, d);
            TensorPrimitives.Divide(g, d, d);
            if (momentum > 0f)
            {
                TensorPrimitives.MultiplyAdd(b, momentum, d, b);
                TensorPrimitives.MultiplyAdd(b, -LearningRate, value, value);
            }
            else
            {
                TensorPrimitives.MultiplyAdd(d, -LearningRate, value, value);
            }
        });
    }
}
