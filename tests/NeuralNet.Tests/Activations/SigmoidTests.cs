using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Activations;

namespace NeuralNet.Tests.Activations;

/// <summary>The logistic function against double precision, at its ends and in between.</summary>
public sealed class SigmoidTests
{
    [Fact]
    public void Forward_AcrossTheWholeRange_IsWithinOneUnitInTheLastPlace()
    {
        var random = new Random(5);
        // Past both ends (σ is 0 below about −104 and 1 above about 17 in float), and a third near 0.
        Matrix<float> z = Matrix<float>.Build.Dense(101, 2000, (_, j) =>
            j % 3 == 0 ? (float)((random.NextDouble() - 0.5) * 1e-3) : (float)((random.NextDouble() * 240) - 120));
        Matrix<float> a = Matrix<float>.Build.Dense(101, 2000);
        new Sigmoid().Forward(z, a);

        int worst = 0;
        float worstAt = 0f;
        float[] zs = z.AsColumnMajorArray(), values = a.AsColumnMajorArray();
        for (int i = 0; i < zs.Length; i++)
        {
            int distance = FloatUnits.Apart(values[i], (float)(1.0 / (1.0 + Math.Exp(-(double)zs[i]))));
            if (distance > worst)
            {
                (worst, worstAt) = (distance, zs[i]);
            }
        }

        worst.Should().BeLessThanOrEqualTo(1, $"σ({worstAt}) is {worst} units from double precision's");
    }

    [Theory]
    [InlineData(0f, 0.5f)]
    [InlineData(float.PositiveInfinity, 1f)]
    [InlineData(float.NegativeInfinity, 0f)]
    [InlineData(20f, 1f)]
    [InlineData(-100f, 3.7835059E-44f)]
    [InlineData(-105f, 0f)]
    [InlineData(float.MaxValue, 1f)]
    [InlineData(float.MinValue, 0f)]
    public void Forward_EndsAndMiddle_AreTheRoundedExactValue(float z, float expected)
    {
        // Eleven values: the vector body and the scalar tail give the same value.
        Matrix<float> input = Matrix<float>.Build.Dense(11, 1, z);
        Matrix<float> output = Matrix<float>.Build.Dense(11, 1);
        new Sigmoid().Forward(input, output);

        output.AsColumnMajorArray().Should().AllSatisfy(v => v.Should().Be(expected));
    }

    [Fact]
    public void Forward_NaN_StaysNaN()
    {
        Matrix<float> input = Matrix<float>.Build.Dense(11, 1, float.NaN);
        Matrix<float> output = Matrix<float>.Build.Dense(11, 1);
        new Sigmoid().Forward(input, output);

        output.AsColumnMajorArray().Should().AllSatisfy(v => float.IsNaN(v).Should().BeTrue());
    }
}
