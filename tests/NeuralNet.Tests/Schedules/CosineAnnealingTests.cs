using NeuralNet.Schedules;

namespace NeuralNet.Tests.Schedules;

public sealed class CosineAnnealingTests
{
    [Fact]
    public void RateAt_WithoutWarmup_FollowsHalfCosineThenHoldsMinimum()
    {
        // 0.01 + 0.09·(1 + cos(π·t/4))/2, by hand: (1 + √½)/2 = 0.8535534, (1 − √½)/2 = 0.1464466.
        // torch 1.13 CosineAnnealingLR(T_max=4, eta_min=0.01) from lr=0.1 gives the epochs 0 to 4
        // (0.1, 0.08681980515339464, 0.05500000000000001, 0.023180194846605363, 0.01); past T_max it climbs again.
        ScheduleRates.First(new CosineAnnealing(4, 0.01f), 0.1f, 7)
            .ShouldMatch(0.1, 0.0868198052, 0.055, 0.0231801948, 0.01, 0.01, 0.01);
    }

    [Fact]
    public void RateAt_WithWarmup_ClimbsLinearlyThenStartsTheCosineAtTheBaseRate()
    {
        // Warm-up 0.1·(e+1)/3, then the cosine above shifted by 2 epochs. torch 1.13
        // SequentialLR([LinearLR(start_factor=1/3, total_iters=2), CosineAnnealingLR(T_max=4, eta_min=0.01)], milestones=[2])
        // gives 0.03333333333333333, 0.06666666666666667, 0.1, 0.08681980515339464, 0.05500000000000001, 0.023180194846605363, 0.01.
        ScheduleRates.First(new CosineAnnealing(4, 0.01f, warmupEpochs: 2), 0.1f, 9)
            .ShouldMatch(0.1 / 3, 0.2 / 3, 0.1, 0.0868198052, 0.055, 0.0231801948, 0.01, 0.01, 0.01);
    }

    [Fact]
    public void RateAt_DefaultMinimum_ReachesZeroExactlyAtThePeriod()
    {
        // torch 1.13 CosineAnnealingLR(T_max=10) from lr=0.1: 0.05000000000000001 at epoch 5, 0.0 at epoch 10.
        var schedule = new CosineAnnealing(10);

        schedule.RateAt(5, 0.1f).Should().BeApproximately(0.05f, 1e-9f);
        schedule.RateAt(9, 0.1f).Should().BeApproximately(0.002447174f, 1e-9f);
        schedule.RateAt(10, 0.1f).Should().Be(0f);
        schedule.RateAt(1000, 0.1f).Should().Be(0f);
    }

    [Fact]
    public void RateAt_EndOfPeriod_IsTheMinimumExactly() => new CosineAnnealing(4, 0.01f).RateAt(4, 0.1f).Should().Be(0.01f);

    [Fact]
    public void RateAt_NegativeEpoch_Throws()
    {
        var act = () => new CosineAnnealing(10).RateAt(-2, 0.1f);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*epoch*-2*");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_PeriodNotPositive_ThrowsNamingPeriodEpochs(int period)
    {
        var act = () => new CosineAnnealing(period);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*periodEpochs*{period}*").Which.ParamName.Should().Be("periodEpochs");
    }

    [Theory]
    [InlineData(-1e-5f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Constructor_MinimumNegativeOrNotFinite_ThrowsNamingMinimumRate(float minimum)
    {
        var act = () => new CosineAnnealing(10, minimum);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*minimumRate*").Which.ParamName.Should().Be("minimumRate");
    }

    [Fact]
    public void Constructor_NegativeWarmup_ThrowsNamingWarmupEpochs()
    {
        var act = () => new CosineAnnealing(10, 0f, -1);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*warmupEpochs*-1*").Which.ParamName.Should().Be("warmupEpochs");
    }

    [Fact]
    public void ToString_ShowsSettings() =>
        new CosineAnnealing(20, 1e-5f, 2).ToString().Should().Be("CosineAnnealing(period=20, min=1E-05, warmup=2)");
}
