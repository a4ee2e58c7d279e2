using NeuralNet.Schedules;

namespace NeuralNet.Tests.Schedules;

public sealed class ExponentialDecayTests
{
    [Fact]
    public void RateAt_FirstEpochs_MultiplyByGammaEachEpoch()
    {
        // Hand-written: 0.1·0.9^e; torch 1.13 ExponentialLR(gamma=0.9) from lr=0.1 gives the same.
        ScheduleRates.First(new ExponentialDecay(0.9f), 0.1f, 6)
            .ShouldMatch(0.1, 0.09, 0.081, 0.0729, 0.06561, 0.059049);
    }

    [Fact]
    public void RateAt_LateEpochWithExactGamma_IsExact()
    {
        // 0.5^30 is a float exactly; one rounding of a double power keeps it so.
        new ExponentialDecay(0.5f).RateAt(30, 1f).Should().Be(9.313225746154785e-10f);
    }

    [Fact]
    public void RateAt_GammaOne_IsConstant() => ScheduleRates.First(new ExponentialDecay(1f), 0.3f, 4).ShouldMatch(0.3, 0.3, 0.3, 0.3);

    [Theory]
    [InlineData(0f)]
    [InlineData(1.01f)]
    [InlineData(float.PositiveInfinity)]
    public void Constructor_GammaOutsideZeroToOne_ThrowsNamingGamma(float gamma)
    {
        var act = () => new ExponentialDecay(gamma);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*gamma*").Which.ParamName.Should().Be("gamma");
    }

    [Fact]
    public void ToString_ShowsSettings() => new ExponentialDecay(0.95f).ToString().Should().Be("ExponentialDecay(gamma=0.95)");
}
