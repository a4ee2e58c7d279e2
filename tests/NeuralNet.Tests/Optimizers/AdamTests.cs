using System.Numerics.Tensors;
using NeuralNet.Optimizers;

namespace NeuralNet.Tests.Optimizers;

public sealed class AdamTests
{
    private const float LearningRate = 0.1f;
    private const float Beta1 = 0.9f;
    private const float Beta2 = 0.999f;
    private const float Epsilon = 1e-8f;

    [Fact]
    public void Step_ThreeSteps_MatchesHandComputedValues()
    {
        static double[] ByHand(double w, double g1, double g2, double g3)
        {
            double lr = LearningRate, b1 = Beta1, b2 = Beta2, eps = Epsilon;
            double m1 = (1 - b1) * g1;
            double v1 = (1 - b2) * g1 * g1;
            double w1 = w - (lr * (m1 / (1 - b1)) / (Math.Sqrt(v1 / (1 - b2)) + eps));
            double m2 = (b1 * m1) + ((1 - b1) * g2);
            double v2 = (b2 * v1) + ((1 - b2) * g2 * g2);
            double w2 = w1 - (lr * (m2 / (1 - (b1 * b1))) / (Math.Sqrt(v2 / (1 - (b2 * b2))) + eps));
            double m3 = (b1 * m2) + ((1 - b1) * g3);
            double v3 = (b2 * v2) + ((1 - b2) * g3 * g3);
            double w3 = w2 - (lr * (m3 / (1 - (b1 * b1 * b1))) / (Math.Sqrt(v3 / (1 - (b2 * b2 * b2))) + eps));
            return [w1, w2, w3];
        }

        double[][] g = ThreeSteps.Gradients;
        ThreeSteps.ShouldMatch(
            ThreeSteps.Run(new Adam(LearningRate, Beta1, Beta2, Epsilon)),
            ThreeSteps.ByStep(
                ByHand(ThreeSteps.W0, g[0][0], g[1][0], g[2][0]),
                ByHand(ThreeSteps.W1, g[0][1], g[1][1], g[2][1])));
    }

    [Fact]
    public void Step_ThreeSteps_MatchesTorch()
    {
        // From torch 1.13 torch.optim.Adam(lr=0.1, betas=(0.9, 0.999), eps=1e-8) on the same start and gradients.
        double[][] torch =
        [
            [0.400000006, -0.899999976],
            [0.308221906, -0.853053153],
            [0.282431543, -0.893235624],
        ];

        ThreeSteps.ShouldMatch(ThreeSteps.Run(new Adam(LearningRate, Beta1, Beta2, Epsilon)), torch);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(1003)]
    [InlineData(200_003)] // long enough to be updated in two halves on the products' helper thread
    public void Step_OnePassUpdate_EqualsTheTenTensorPrimitivesPassesBitForBit(int length)
    {
        // The update is fused into one loop; this is the formulation it replaced, one operation per pass.
        _ = NeuralNet.Compute.ComputeBackend.Current; // choose a backend, so that the helper threads exist
        var random = new Random(7);
        var parameter = new NeuralNet.Layers.Parameter("w", length, 1);
        parameter.Value.MapInplace(_ => (float)(random.NextDouble() - 0.5));
        float[] value = parameter.ValueSpan.ToArray();
        float[] m = new float[length], v = new float[length], s = new float[length];
        var adam = new Adam(LearningRate);
        for (int t = 1; t <= 4; t++)
        {
            parameter.Gradient.MapInplace(_ => (float)((random.NextDouble() - 0.5) * (random.Next(3) == 0 ? 1e-5 : 1)));
            ReadOnlySpan<float> g = parameter.GradientSpan;
            adam.Step([parameter]);

            TensorPrimitives.Multiply(m, Beta1, m);
            TensorPrimitives.MultiplyAdd(g, 1f - Beta1, m, m);
            TensorPrimitives.Multiply(g, g, s);
            TensorPrimitives.Multiply(v, Beta2, v);
            TensorPrimitives.MultiplyAdd(s, 1f - Beta2, v, v);
            float stepSize = (float)(LearningRate / (1 - Math.Pow(Beta1, t)));
            float rootCorrection2 = (float)Math.Sqrt(1 - Math.Pow(Beta2, t));
            TensorPrimitives.Sqrt(v, s);
            TensorPrimitives.Divide(s, rootCorrection2, s);
            TensorPrimitives.Add(s, Epsilon, s);
            TensorPrimitives.Divide(m, s, s);
            TensorPrimitives.MultiplyAdd(s, -stepSize, value, value);

            parameter.ValueSpan.ToArray().Should().Equal(value, $"step {t}");
        }
    }

    [Fact]
    public void Step_AfterReset_RestartsTheBiasCorrection()
    {
        var optimizer = new Adam(LearningRate);
        float[][] first = ThreeSteps.Run(optimizer);

        optimizer.Reset();

        ThreeSteps.Run(optimizer).Should().BeEquivalentTo(first, options => options.WithStrictOrdering());
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-0.001f)]
    [InlineData(float.NaN)]
    public void Constructor_LearningRateNotPositive_Throws(float learningRate)
    {
        Action create = () => _ = new Adam(learningRate);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*learning rate of Adam*");
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1f)]
    [InlineData(float.NaN)]
    public void Constructor_Beta1OutsideUnitInterval_Throws(float beta1)
    {
        Action create = () => _ = new Adam(beta1: beta1);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Adam's beta1 must be in [0, 1)*")
            .And.ParamName.Should().Be("beta1");
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1f)]
    [InlineData(1.001f)]
    public void Constructor_Beta2OutsideUnitInterval_Throws(float beta2)
    {
        Action create = () => _ = new Adam(beta2: beta2);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Adam's beta2 must be in [0, 1)*")
            .And.ParamName.Should().Be("beta2");
    }

    [Fact]
    public void Constructor_NegativeEpsilon_Throws()
    {
        Action create = () => _ = new Adam(epsilon: -1e-8f);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Adam's epsilon must be a finite number >= 0*-1E-08*")
            .And.ParamName.Should().Be("epsilon");
    }

    [Fact]
    public void PropertiesAndToString_ShowPyTorchDefaults()
    {
        var optimizer = new Adam();

        optimizer.LearningRate.Should().Be(0.001f);
        optimizer.Beta1.Should().Be(0.9f);
        optimizer.Beta2.Should().Be(0.999f);
        optimizer.Epsilon.Should().Be(1e-8f);
        optimizer.StateNames.Should().Equal("exp_avg", "exp_avg_sq");
        optimizer.ToString().Should().Be("Adam(lr=0.001, betas=(0.9, 0.999), eps=1E-08)");
    }
}
