using System.Numerics.Tensors;
using NeuralNet.Optimizers;

namespace NeuralNet.Tests.Optimizers;

public sealed class AdamWTests
{
    private const float LearningRate = 0.1f;
    private const float Beta1 = 0.9f;
    private const float Beta2 = 0.999f;
    private const float Epsilon = 1e-8f;
    private const float WeightDecay = 0.1f;

    [Fact]
    public void Step_ThreeSteps_MatchesHandComputedValues()
    {
        static double[] ByHand(double w, double g1, double g2, double g3)
        {
            double lr = LearningRate, b1 = Beta1, b2 = Beta2, eps = Epsilon, wd = WeightDecay;
            double m1 = (1 - b1) * g1;
            double v1 = (1 - b2) * g1 * g1;
            double w1 = (w * (1 - (lr * wd))) - (lr * (m1 / (1 - b1)) / (Math.Sqrt(v1 / (1 - b2)) + eps));
            double m2 = (b1 * m1) + ((1 - b1) * g2);
            double v2 = (b2 * v1) + ((1 - b2) * g2 * g2);
            double w2 = (w1 * (1 - (lr * wd))) - (lr * (m2 / (1 - (b1 * b1))) / (Math.Sqrt(v2 / (1 - (b2 * b2))) + eps));
            double m3 = (b1 * m2) + ((1 - b1) * g3);
            double v3 = (b2 * v2) + ((1 - b2) * g3 * g3);
            double w3 = (w2 * (1 - (lr * wd))) - (lr * (m3 / (1 - (b1 * b1 * b1))) / (Math.Sqrt(v3 / (1 - (b2 * b2 * b2))) + eps));
            return [w1, w2, w3];
        }

        double[][] g = ThreeSteps.Gradients;
        ThreeSteps.ShouldMatch(
            ThreeSteps.Run(new AdamW(LearningRate, Beta1, Beta2, Epsilon, WeightDecay)),
            ThreeSteps.ByStep(
                ByHand(ThreeSteps.W0, g[0][0], g[1][0], g[2][0]),
                ByHand(ThreeSteps.W1, g[0][1], g[1][1], g[2][1])));
    }

    [Fact]
    public void Step_ThreeSteps_MatchesTorch()
    {
        // From torch 1.13 torch.optim.AdamW(lr=0.1, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1) on the same start and gradients.
        double[][] torch =
        [
            [0.395000011, -0.889999986],
            [0.299271911, -0.834153175],
            [0.270488828, -0.865994096],
        ];

        ThreeSteps.ShouldMatch(ThreeSteps.Run(new AdamW(LearningRate, Beta1, Beta2, Epsilon, WeightDecay)), torch);
    }

    [Fact]
    public void Step_ZeroWeightDecay_MatchesAdam()
    {
        float[][] adam = ThreeSteps.Run(new Adam(LearningRate, Beta1, Beta2, Epsilon));

        ThreeSteps.Run(new AdamW(LearningRate, Beta1, Beta2, Epsilon, weightDecay: 0f))
            .Should().BeEquivalentTo(adam, options => options.WithStrictOrdering());
    }

    [Fact]
    public void Constructor_ZeroLearningRate_Throws()
    {
        Action create = () => _ = new AdamW(0f);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*learning rate of AdamW*");
    }

    [Theory]
    [InlineData(-0.5f, 0.999f, "beta1")]
    [InlineData(1f, 0.999f, "beta1")]
    [InlineData(0.9f, -0.5f, "beta2")]
    [InlineData(0.9f, 1f, "beta2")]
    public void Constructor_BetaOutsideUnitInterval_ThrowsNamingIt(float beta1, float beta2, string name)
    {
        Action create = () => _ = new AdamW(beta1: beta1, beta2: beta2);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*AdamW's {name} must be in [0, 1)*")
            .And.ParamName.Should().Be(name);
    }

    [Theory]
    [InlineData(-1e-8f, 0.01f, "epsilon")]
    [InlineData(1e-8f, -0.01f, "weightDecay")]
    [InlineData(1e-8f, float.NaN, "weightDecay")]
    public void Constructor_NegativeEpsilonOrWeightDecay_ThrowsNamingIt(float epsilon, float weightDecay, string name)
    {
        Action create = () => _ = new AdamW(epsilon: epsilon, weightDecay: weightDecay);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*AdamW's {name} must be a finite number >= 0*")
            .And.ParamName.Should().Be(name);
    }

    [Fact]
    public void PropertiesAndToString_ShowPyTorchDefaults()
    {
        var optimizer = new AdamW();

        optimizer.LearningRate.Should().Be(0.001f);
        optimizer.Beta1.Should().Be(0.9f);
        optimizer.Beta2.Should().Be(0.999f);
        optimizer.Epsilon.Should().Be(1e-8f);
        optimizer.WeightDecay.Should().Be(0.01f);
        optimizer.StateNames.Should().Equal("exp_avg", "exp_avg_sq");
        optimizer.ToString().Should().Be("AdamW(lr=0.001, betas=(0.9, 0.999), eps=1E-08, weight_decay=0.01)");
    }

    [Theory]
    [MemberData(nameof(PreviousPasses.Lengths), MemberType = typeof(PreviousPasses))]
    public void Step_OnePassUpdate_EqualsTheTensorPrimitivesPassesBitForBit(int length)
    {
        const float lr = 0.01f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f, decay = 0.05f;
        float[] s = new float[length];
        PreviousPasses.ShouldEqual(new AdamW(lr, beta1, beta2, eps, decay), length, stateBuffers: 2, (value, g, state, t) =>
        {
            float[] m = state[0], v = state[1];
            TensorPrimitives.Multiply(value, (float)(1 - ((double)lr * decay)), value);
            TensorPrimitives.Multiply(m, beta1, m);
            TensorPrimitives.MultiplyAdd(g, 1f - beta1, m, m);
            TensorPrimitives.Multiply(g, g, s);
            TensorPrimitives.Multiply(v, beta2, v);
            TensorPrimitives.MultiplyAdd(s, 1f - beta2, v, v);
            float stepSize = (float)(lr / (1 - Math.Pow(beta1, t)));
            float rootCorrection2 = (float)Math.Sqrt(1 - Math.Pow(beta2, t));
            TensorPrimitives.Sqrt(v, s);
            TensorPrimitives.Divide(s, rootCorrection2, s);
            TensorPrimitives.Add(s, eps, s);
            TensorPrimitives.Divide(m, s, s);
            TensorPrimitives.MultiplyAdd(s, -stepSize, value, value);
        });
    }
}
