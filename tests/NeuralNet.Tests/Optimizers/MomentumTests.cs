using System.Numerics.Tensors;
using NeuralNet.Optimizers;

namespace NeuralNet.Tests.Optimizers;

public sealed class MomentumTests
{
    private const float LearningRate = 0.1f;
    private const float Mu = 0.9f;
    private const float Dampening = 0.5f;

    [Fact]
    public void Step_ThreeStepsWithDampening_MatchesHandComputedValues()
    {
        static double[] ByHand(double w, double g1, double g2, double g3)
        {
            double lr = LearningRate, mu = Mu, d = Dampening;
            double v1 = g1; // PyTorch starts the buffer at the first gradient, undamped
            double w1 = w - (lr * v1);
            double v2 = (mu * v1) + ((1 - d) * g2);
            double w2 = w1 - (lr * v2);
            double v3 = (mu * v2) + ((1 - d) * g3);
            double w3 = w2 - (lr * v3);
            return [w1, w2, w3];
        }

        double[][] g = ThreeSteps.Gradients;
        ThreeSteps.ShouldMatch(
            ThreeSteps.Run(new Momentum(LearningRate, Mu, Dampening)),
            ThreeSteps.ByStep(
                ByHand(ThreeSteps.W0, g[0][0], g[1][0], g[2][0]),
                ByHand(ThreeSteps.W1, g[0][1], g[1][1], g[2][1])));
    }

    [Fact]
    public void Step_ThreeStepsWithDampening_MatchesTorch()
    {
        // From torch 1.13 torch.optim.SGD(lr=0.1, momentum=0.9, dampening=0.5) on the same start and gradients.
        double[][] torch =
        [
            [0.49000001, -0.980000019],
            [0.466000021, -0.96450001],
            [0.454400033, -0.970550001],
        ];

        ThreeSteps.ShouldMatch(ThreeSteps.Run(new Momentum(LearningRate, Mu, Dampening)), torch);
    }

    [Fact]
    public void Step_ThreeStepsWithoutDampening_MatchesTorch()
    {
        // From torch 1.13 torch.optim.SGD(lr=0.1, momentum=0.9) on the same start and gradients.
        double[][] torch =
        [
            [0.49000001, -0.980000019],
            [0.451000005, -0.967000008],
            [0.435900003, -0.995299995],
        ];

        ThreeSteps.ShouldMatch(ThreeSteps.Run(new Momentum(LearningRate, Mu)), torch);
    }

    [Fact]
    public void Step_AfterReset_StartsTheBufferAtTheGradientAgain()
    {
        var optimizer = new Momentum(LearningRate, Mu, Dampening);
        float[][] first = ThreeSteps.Run(optimizer);

        optimizer.Reset();

        ThreeSteps.Run(optimizer).Should().BeEquivalentTo(first, options => options.WithStrictOrdering());
    }

    [Fact]
    public void Constructor_ZeroLearningRate_Throws()
    {
        Action create = () => _ = new Momentum(0f);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*learning rate of Momentum*");
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1f)]
    [InlineData(-0.5f)]
    [InlineData(float.NaN)]
    public void Constructor_MomentumOutsideOpenUnitInterval_Throws(float momentum)
    {
        Action create = () => _ = new Momentum(0.1f, momentum);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Momentum's momentum must be in (0, 1)*Sgd*")
            .And.ParamName.Should().Be("momentum");
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1f)]
    [InlineData(float.NaN)]
    public void Constructor_DampeningOutsideUnitInterval_Throws(float dampening)
    {
        Action create = () => _ = new Momentum(0.1f, dampening: dampening);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*dampening*[0, 1)*")
            .And.ParamName.Should().Be("dampening");
    }

    [Fact]
    public void PropertiesAndToString_ShowTheSettings()
    {
        var optimizer = new Momentum(0.01f);

        optimizer.MomentumFactor.Should().Be(0.9f);
        optimizer.Dampening.Should().Be(0f);
        optimizer.StateNames.Should().Equal("momentum_buffer");
        optimizer.ToString().Should().Be("Momentum(lr=0.01, momentum=0.9, dampening=0)");
    }

    [Theory]
    [MemberData(nameof(PreviousPasses.Lengths), MemberType = typeof(PreviousPasses))]
    public void Step_WithDampening_EqualsTheTensorPrimitivesPassesBitForBit(int length)
    {
        PreviousPasses.ShouldEqual(new Momentum(0.05f, 0.8f, dampening: 0.3f), length, stateBuffers: 1, (value, g, state, t) =>
        {
            float[] v = state[0];
            if (t == 1)
            {
                g.CopyTo(v);
            }
            else
            {
                TensorPrimitives.Multiply(v, 0.8f, v);
                TensorPrimitives.MultiplyAdd(g, 1f - 0.3f, v, v);
            }

            TensorPrimitives.MultiplyAdd(v, -0.05f, value, value);
        });
    }
}
