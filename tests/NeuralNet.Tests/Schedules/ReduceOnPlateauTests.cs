using NeuralNet.Schedules;

namespace NeuralNet.Tests.Schedules;

public sealed class ReduceOnPlateauTests
{
    // Improves, then improves by less than the 1e-4 threshold (0.89995 ≥ 0.9·0.9999), improves, then three bad
    // epochs including a NaN, then a long plateau at 0.7.
    private static readonly double[] Losses =
        [1.0, 0.9, 0.89995, 0.8999, 0.91, double.NaN, 0.95, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7];

    /// <summary>The rate of each epoch before its loss is observed, then the rate after the last one.</summary>
    private static float[] Run(ReduceOnPlateau schedule, float baseRate, IEnumerable<double> losses)
    {
        var rates = new List<float>();
        int epoch = 0;
        foreach (double loss in losses)
        {
            rates.Add(schedule.RateAt(epoch, baseRate));
            schedule.Observe(epoch++, loss);
        }

        rates.Add(schedule.RateAt(epoch, baseRate));
        return [.. rates];
    }

    [Fact]
    public void Observe_ImprovePlateauAndNaN_ReducesAfterPatienceAndStopsAtMinimum()
    {
        // By hand: bad epochs 4, 5 (NaN), 6 exceed patience 2, so epoch 7 runs at 0.05; the plateau at 0.7 from
        // epoch 8 halves again at 11, then would reach 0.0125 at 14 but stops at the minimum 0.02.
        // torch 1.13 ReduceLROnPlateau(factor=0.5, patience=2, min_lr=0.02) from lr=0.1 on the same losses gives
        // 0.1 ×7, 0.05 ×4, 0.025 ×3, 0.02 ×3.
        var schedule = new ReduceOnPlateau(factor: 0.5f, patience: 2, minimumRate: 0.02f);

        Run(schedule, 0.1f, Losses).ShouldMatch(
            0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.02, 0.02, 0.02);

        // torch's best and num_bad_epochs at the end: 0.7 and 2.
        schedule.State.Should().Be((0.7, 2, 3));
    }

    [Fact]
    public void Observe_NaN_NeverBecomesTheBest()
    {
        var schedule = new ReduceOnPlateau();
        schedule.Observe(0, 1.0);
        schedule.Observe(1, double.NaN);

        schedule.State.Should().Be((1.0, 1, 0));

        schedule.Observe(2, 0.99);
        schedule.State.Should().Be((0.99, 0, 0));
    }

    [Fact]
    public void Observe_OnlyNaN_ReducesAfterPatience()
    {
        var schedule = new ReduceOnPlateau(factor: 0.5f, patience: 1);

        Run(schedule, 1f, [double.NaN, double.NaN, double.NaN, double.NaN]).ShouldMatch(1, 1, 0.5, 0.5, 0.25);
    }

    [Fact]
    public void Observe_PatienceZero_ReducesOnEveryBadEpoch()
    {
        var schedule = new ReduceOnPlateau(factor: 0.1f, patience: 0, minimumRate: 1e-3f);

        Run(schedule, 0.1f, [1.0, 1.0, 1.0, 1.0]).ShouldMatch(0.1, 0.1, 0.01, 0.001, 0.001);
    }

    [Fact]
    public void Observe_ZeroThreshold_CountsAnyDecrease()
    {
        var schedule = new ReduceOnPlateau(patience: 0, minimumDelta: 0);
        schedule.Observe(0, 1.0);
        schedule.Observe(1, 0.99999999);

        schedule.State.Should().Be((0.99999999, 0, 0));
    }

    [Fact]
    public void RateAt_ManyReductionsWithoutMinimum_StopsNearPyTorchsEpsilonInsteadOfZero()
    {
        // torch 1.13 ReduceLROnPlateau() from lr=0.1 after 200 epochs of loss 1.0: 1.0000000000000005e-08.
        var schedule = new ReduceOnPlateau();
        for (int epoch = 0; epoch < 200; epoch++)
        {
            schedule.Observe(epoch, 1.0);
        }

        schedule.State.Reductions.Should().Be(18);
        schedule.RateAt(200, 0.1f).Should().BeApproximately(1e-8f, 1e-14f);
    }

    [Fact]
    public void Reset_AfterReductions_RestoresTheStart()
    {
        var schedule = new ReduceOnPlateau(factor: 0.5f, patience: 2, minimumRate: 0.02f);
        Run(schedule, 0.1f, Losses);

        schedule.Reset();

        schedule.State.Should().Be((double.PositiveInfinity, 0, 0));
        Run(schedule, 0.1f, Losses).Should().Equal(Run(new ReduceOnPlateau(factor: 0.5f, patience: 2, minimumRate: 0.02f), 0.1f, Losses));
    }

    [Fact]
    public void State_RestoredIntoAFreshSchedule_ContinuesIdentically()
    {
        var original = new ReduceOnPlateau(factor: 0.5f, patience: 2, minimumRate: 0.02f);
        Run(original, 0.1f, Losses.Take(9));
        var restored = new ReduceOnPlateau(factor: 0.5f, patience: 2, minimumRate: 0.02f) { State = original.State };

        restored.RateAt(9, 0.1f).Should().Be(original.RateAt(9, 0.1f));
        Run(restored, 0.1f, Losses.Skip(9)).Should().Equal(Run(original, 0.1f, Losses.Skip(9)));
    }

    [Theory]
    [InlineData(double.NaN, 0, 0)]
    [InlineData(1.0, -1, 0)]
    [InlineData(1.0, 0, -1)]
    public void State_Invalid_Throws(double best, int badEpochs, int reductions)
    {
        var schedule = new ReduceOnPlateau();
        var act = () => schedule.State = (best, badEpochs, reductions);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*best=*bad epochs=*reductions=*");
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1f)]
    [InlineData(float.NaN)]
    public void Constructor_FactorOutsideZeroToOne_ThrowsNamingFactor(float factor)
    {
        var act = () => new ReduceOnPlateau(factor);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*factor*(0, 1)*").Which.ParamName.Should().Be("factor");
    }

    [Fact]
    public void Constructor_NegativePatience_ThrowsNamingPatience()
    {
        var act = () => new ReduceOnPlateau(patience: -1);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*patience*-1*").Which.ParamName.Should().Be("patience");
    }

    [Theory]
    [InlineData(-1e-4)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Constructor_DeltaOutsideZeroToOne_ThrowsNamingMinimumDelta(double delta)
    {
        var act = () => new ReduceOnPlateau(minimumDelta: delta);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*minimumDelta*").Which.ParamName.Should().Be("minimumDelta");
    }

    [Theory]
    [InlineData(-1f)]
    [InlineData(float.PositiveInfinity)]
    public void Constructor_MinimumNegativeOrNotFinite_ThrowsNamingMinimumRate(float minimum)
    {
        var act = () => new ReduceOnPlateau(minimumRate: minimum);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*minimumRate*").Which.ParamName.Should().Be("minimumRate");
    }

    [Fact]
    public void Constructor_Defaults_ArePyTorchs()
    {
        var schedule = new ReduceOnPlateau();

        (schedule.Factor, schedule.Patience, schedule.MinimumDelta, schedule.MinimumRate).Should().Be((0.1f, 10, 1e-4, 0f));
        schedule.ToString().Should().Be("ReduceOnPlateau(factor=0.1, patience=10, threshold=0.0001, min=0)");
    }
}
