using System.Globalization;
using NeuralNet.Schedules;

namespace NeuralNet.Tests.Schedules;

public sealed class LearningRateScheduleParseTests
{
    [Fact]
    public void Parse_Constant_ReturnsTheSharedConstant() =>
        LearningRateSchedule.Parse("constant", 30).Should().BeSameAs(LearningRateSchedule.Constant);

    [Theory]
    [InlineData("step:10", 10, 0.1f, "StepDecay(step=10, gamma=0.1)")]
    [InlineData("step:10:0.5", 10, 0.5f, "StepDecay(step=10, gamma=0.5)")]
    [InlineData("STEP:7:1e-1", 7, 0.1f, "StepDecay(step=7, gamma=0.1)")]
    public void Parse_Step_ReadsEpochsAndGamma(string text, int step, float gamma, string description)
    {
        StepDecay schedule = LearningRateSchedule.Parse(text, 30).Should().BeOfType<StepDecay>().Subject;

        (schedule.StepEpochs, schedule.Gamma).Should().Be((step, gamma));
        schedule.ToString().Should().Be(description);
        schedule.Name.Should().Be("step");
    }

    [Fact]
    public void Parse_Exp_ReadsGamma()
    {
        ExponentialDecay schedule = LearningRateSchedule.Parse("exp:0.95", 30).Should().BeOfType<ExponentialDecay>().Subject;

        schedule.Gamma.Should().Be(0.95f);
        schedule.ToString().Should().Be("ExponentialDecay(gamma=0.95)");
        schedule.Name.Should().Be("exp");
    }

    [Theory]
    [InlineData("cosine", 30, 0f, 0, "CosineAnnealing(period=30, min=0, warmup=0)")]
    [InlineData("cosine:warmup=2", 28, 0f, 2, "CosineAnnealing(period=28, min=0, warmup=2)")]
    [InlineData("cosine:period=20,min=1e-5,warmup=2", 20, 1e-5f, 2, "CosineAnnealing(period=20, min=1E-05, warmup=2)")]
    [InlineData("Cosine:MIN=1E-5, Period = 20", 20, 1e-5f, 0, "CosineAnnealing(period=20, min=1E-05, warmup=0)")]
    public void Parse_Cosine_DefaultsThePeriodToTheEpochsAfterWarmup(string text, int period, float minimum, int warmup, string description)
    {
        CosineAnnealing schedule = LearningRateSchedule.Parse(text, 30).Should().BeOfType<CosineAnnealing>().Subject;

        (schedule.PeriodEpochs, schedule.MinimumRate, schedule.WarmupEpochs).Should().Be((period, minimum, warmup));
        schedule.ToString().Should().Be(description);
        schedule.Name.Should().Be("cosine");
    }

    [Theory]
    [InlineData("plateau", 0.1f, 10, 1e-4, 0f)]
    [InlineData("plateau:factor=0.5,patience=3", 0.5f, 3, 1e-4, 0f)]
    [InlineData("PLATEAU:threshold=0.01,min=1e-6,Factor=0.2,patience=0", 0.2f, 0, 0.01, 1e-6f)]
    public void Parse_Plateau_ReadsSettingsAndKeepsPyTorchDefaults(string text, float factor, int patience, double delta, float minimum)
    {
        ReduceOnPlateau schedule = LearningRateSchedule.Parse(text, 30).Should().BeOfType<ReduceOnPlateau>().Subject;

        (schedule.Factor, schedule.Patience, schedule.MinimumDelta, schedule.MinimumRate).Should().Be((factor, patience, delta, minimum));
        schedule.Name.Should().Be("plateau");
    }

    [Fact]
    public void Parse_CommaDecimalCulture_StillReadsInvariantNumbers()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");

            LearningRateSchedule.Parse("exp:0.95", 30).Should().BeOfType<ExponentialDecay>().Which.Gamma.Should().Be(0.95f);
            LearningRateSchedule.Parse("cosine:min=1e-5", 30).ToString().Should().Be("CosineAnnealing(period=30, min=1E-05, warmup=0)");
            FluentActions.Invoking(() => LearningRateSchedule.Parse("exp:0,95", 30)).Should().Throw<ArgumentException>();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("linear")]
    [InlineData("constant:1")]
    [InlineData("step")]
    [InlineData("step:")]
    [InlineData("step:ten")]
    [InlineData("step:10:0.5:2")]
    [InlineData("step:2.5")]
    [InlineData("exp")]
    [InlineData("exp:fast")]
    [InlineData("cosine:")]
    [InlineData("cosine:period")]
    [InlineData("cosine:period=20;min=0")]
    [InlineData("cosine:restarts=2")]
    [InlineData("cosine:warmup=1,warmup=2")]
    [InlineData("cosine:warmup=30")]
    [InlineData("plateau:patience=2.5")]
    [InlineData("plateau:factor=0.5:patience=3")]
    public void Parse_Malformed_ThrowsQuotingTextAndAcceptedForms(string text)
    {
        var act = () => LearningRateSchedule.Parse(text, 30);

        act.Should().Throw<ArgumentException>()
            .WithMessage($"*'{text}'*Accepted forms: constant, step:<epochs>[:<gamma>], exp:<gamma>, cosine[*plateau[*")
            .Which.ParamName.Should().Be("text");
    }

    [Theory]
    [InlineData("step:0", "stepEpochs")]
    [InlineData("step:10:2", "gamma")]
    [InlineData("exp:0", "gamma")]
    [InlineData("exp:NaN", "gamma")]
    [InlineData("cosine:period=0", "periodEpochs")]
    [InlineData("cosine:min=-1", "minimumRate")]
    [InlineData("cosine:warmup=-1", "warmupEpochs")]
    [InlineData("plateau:factor=1", "factor")]
    [InlineData("plateau:patience=-1", "patience")]
    [InlineData("plateau:threshold=1", "minimumDelta")]
    public void Parse_SettingOutOfRange_ThrowsNamingTheSettingAndQuotingText(string text, string parameter)
    {
        var act = () => LearningRateSchedule.Parse(text, 30);

        act.Should().Throw<ArgumentException>()
            .WithMessage($"*'{text}'*{parameter}*Accepted forms*")
            .Which.InnerException.Should().BeOfType<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(parameter);
    }

    [Fact]
    public void Parse_WarmupFillingTraining_SaysWhy()
    {
        var act = () => LearningRateSchedule.Parse("cosine:warmup=30", 30);

        act.Should().Throw<ArgumentException>().WithMessage("*warm-up of 30 epochs*30 training epochs*period=*");
    }

    [Fact]
    public void Parse_Null_Throws()
    {
        var act = () => LearningRateSchedule.Parse(null!, 30);

        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("text");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Parse_EpochsNotPositive_ThrowsNamingEpochs(int epochs)
    {
        var act = () => LearningRateSchedule.Parse("constant", epochs);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*epochs*{epochs}*").Which.ParamName.Should().Be("epochs");
    }
}
