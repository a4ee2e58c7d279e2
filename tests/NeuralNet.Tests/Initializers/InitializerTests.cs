using NeuralNet.Initializers;
using NeuralNet.Randomness;

namespace NeuralNet.Tests.Initializers;

public sealed class InitializerTests
{
    private static float[] Draw(Initializer initializer, int fanIn, int fanOut, int seed = 1)
    {
        var weights = new float[fanIn * fanOut];
        initializer.InitializeWeights(weights, fanIn, fanOut, new SeededRandom(seed));
        return weights;
    }

    [Fact]
    public void He_HasStandardDeviationSqrtTwoOverFanIn()
    {
        float[] w = Draw(Initializer.He, 400, 300);
        double mean = w.Average();
        double std = Math.Sqrt(w.Select(v => (v - mean) * (v - mean)).Average());

        mean.Should().BeApproximately(0, 0.002);
        std.Should().BeApproximately(Math.Sqrt(2.0 / 400), 0.002);
    }

    [Fact]
    public void Xavier_StaysWithinGlorotBound()
    {
        float[] w = Draw(Initializer.Xavier, 400, 200);
        double bound = Math.Sqrt(6.0 / 600);
        w.Should().OnlyContain(v => Math.Abs(v) <= bound);
        w.Max().Should().BeGreaterThan((float)(0.95 * bound));
    }

    [Fact]
    public void SmallUniform_IsBetweenZeroAndOneHundredth()
    {
        float[] w = Draw(Initializer.SmallUniform, 100, 100);
        w.Should().OnlyContain(v => v >= 0f && v < 0.01f);
        w.Average().Should().BeApproximately(0.005f, 0.0005f);
    }

    [Fact]
    public void PyTorchDefault_BiasesAreUniformInFanInBound()
    {
        var biases = new float[1000];
        Initializer.PyTorchDefault.InitializeBiases(biases, 100, new SeededRandom(3));
        biases.Should().OnlyContain(v => Math.Abs(v) <= 0.1f);
        biases.Should().Contain(v => v != 0f);
    }

    [Fact]
    public void Initialize_SameSeed_IsReproducible()
    {
        Draw(Initializer.He, 30, 20, seed: 5).Should().Equal(Draw(Initializer.He, 30, 20, seed: 5));
    }

    [Fact]
    public void FromName_Unknown_ThrowsListingChoices()
    {
        Action act = () => Initializer.FromName("orthogonal");
        act.Should().Throw<ArgumentException>().WithMessage("*orthogonal*he*xavier*uniform*");
    }
}
