using NeuralNet.Schedules;

namespace NeuralNet.Tests.Schedules;

public sealed class StepDecayTests
{
    [Fact]
    public void RateAt_FirstEpochs_DropByGammaEveryStep()
    {
        // Hand-written: 0.1·0.5^⌊e/3⌋; torch 1.13 StepLR(step_size=3, gamma=0.5) from lr=0.1 gives the same.
        ScheduleRates.First(new StepDecay(3, 0.5f), 0.1f, 10)
            .ShouldMatch(0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125);
    }

    [Fact]
    public void RateAt_DefaultGamma_IsTenfoldDrop()
    {
        var schedule = new StepDecay(10);

        schedule.Gamma.Should().Be(0.1f);
        float[] rates = ScheduleRates.First(schedule, 1f, 21);
        new[] { rates[0], rates[9], rates[10], rates[19], rates[20] }.ShouldMatch(1, 1, 0.1, 0.1, 0.01);
    }

    [Fact]
    public void RateAt_NegativeEpoch_Throws()
    {
        var act = () => new StepDecay(10).RateAt(-1, 0.1f);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*epoch*-1*");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Constructor_StepNotPositive_ThrowsNamingStepEpochs(int step)
    {
        var act = () => new StepDecay(step);

        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage($"*stepEpochs*{step}*").Which.ParamName.Should().Be("stepEpochs");
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-0.5f)]
    [InlineData(1.5f)]
    [InlineData(float.NaN)]
    public void Constructor_GammaOutsideZeroToOne_ThrowsNamingGamma(float gamma)
    {
        var act = () => new StepDecay(10, gamma);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*gamma*(0, 1]*").Which.ParamName.Should().Be("gamma");
    }

    [Fact]
    public void ToString_ShowsSettings() => new StepDecay(10, 0.5f).ToString().Should().Be("StepDecay(step=10, gamma=0.5)");
}
