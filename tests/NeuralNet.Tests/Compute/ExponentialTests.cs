using NeuralNet.Compute;

namespace NeuralNet.Tests.Compute;

/// <summary>The softmax's exponential (<see cref="Exponential"/>) against double precision, and the column sum (<see cref="SpanKernels.Sum"/>) against an exact sum.</summary>
public sealed class ExponentialTests
{
    [Fact]
    public void Exp_AcrossTheWholeFloatRange_IsWithinOneUnitInTheLastPlace()
    {
        var random = new Random(11);
        var x = new float[300_000];
        for (int i = 0; i < x.Length; i++)
        {
            // Uniform over [−110, 95] (past both ends of the finite results), and a third near 0, where e^x ≈ 1 + x.
            x[i] = i % 3 == 0 ? (float)((random.NextDouble() - 0.5) * 1e-3) : (float)((random.NextDouble() * 205) - 110);
        }

        var e = new float[x.Length];
        SpanKernels.Exp(x, e);

        int worst = 0;
        float worstAt = 0f;
        for (int i = 0; i < x.Length; i++)
        {
            int distance = FloatUnits.Apart(e[i], (float)Math.Exp(x[i]));
            if (distance > worst)
            {
                (worst, worstAt) = (distance, x[i]);
            }
        }

        worst.Should().BeLessThanOrEqualTo(1, $"e^{worstAt} is {worst} units from double precision's");
    }

    [Theory]
    [InlineData(0f, 1f)]
    [InlineData(-1e-30f, 1f)]
    [InlineData(1f, 2.7182817f)]
    [InlineData(-1f, 0.36787945f)]
    [InlineData(float.PositiveInfinity, float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity, 0f)]
    [InlineData(float.MaxValue, float.PositiveInfinity)]
    [InlineData(float.MinValue, 0f)]
    [InlineData(88.72f, 3.3931806E+38f)]
    [InlineData(88.73f, float.PositiveInfinity)]
    [InlineData(-103.5f, float.Epsilon)]
    [InlineData(-104.5f, 0f)]
    public void Exp_SpecialAndEdgeValues_AreTheRoundedExactValue(float x, float expected)
    {
        // In a span long enough for the vector body and in the scalar tail: both give the same value.
        float[] values = [x, x, x, x, x, x, x, x, x, x, x];
        var e = new float[values.Length];
        SpanKernels.Exp(values, e);

        e.Should().AllSatisfy(v => v.Should().Be(expected));
    }

    [Fact]
    public void Exp_NaNAndNegativeZero_GiveNaNAndOne()
    {
        float[] values = [.. Enumerable.Repeat(float.NaN, 11), .. Enumerable.Repeat(-0f, 11)];
        var e = new float[values.Length];
        SpanKernels.Exp(values, e);

        e[..11].Should().AllSatisfy(v => float.IsNaN(v).Should().BeTrue());
        e[11..].Should().AllSatisfy(v => v.Should().Be(1f));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(10)]
    [InlineData(17)]
    [InlineData(1000)]
    [InlineData(100_003)]
    public void Sum_RandomValues_IsWithinTheRoundingBoundOfTheExactSum(int length)
    {
        var random = new Random(length);
        float[] x = [.. Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.3))];
        double exact = x.Sum(v => (double)v);
        double magnitude = x.Sum(v => Math.Abs((double)v));

        // A sum of n floats in any order is within (n − 1)·ε·Σ|x| of the exact sum (ε = 2⁻²⁴).
        Math.Abs(SpanKernels.Sum(x) - exact).Should().BeLessThanOrEqualTo(Math.Max(length - 1, 0) * Math.Pow(2, -24) * magnitude);
    }

    [Fact]
    public void Sum_ExactlyRepresentableValues_IsExact()
    {
        float[] x = [.. Enumerable.Range(1, 37).Select(i => (float)i)];

        SpanKernels.Sum(x).Should().Be(703f);
        SpanKernels.Sum([]).Should().Be(0f);
    }
}
