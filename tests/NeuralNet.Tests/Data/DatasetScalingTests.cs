using NeuralNet.Data;
using NeuralNet.Preprocessing;

namespace NeuralNet.Tests.Data;

public sealed class DatasetScalingTests
{
    private static Dataset Raw() =>
        new(Matrix<float>.Build.DenseOfColumnMajor(2, 4, [0f, 10f, 50f, 10f, 100f, 10f, 250f, 10f]), [0, 1, 0, 1], scaling: InputScaling.None);

    [Fact]
    public void Standardize_Global_GivesMeanZeroDeviationOneAndARawMap()
    {
        Dataset standardized = Raw().Standardize();

        float[] values = standardized.Inputs.AsColumnMajorArray();
        values.Average().Should().BeApproximately(0f, 1e-6f);
        MathF.Sqrt(values.Select(v => v * v).Average()).Should().BeApproximately(1f, 1e-6f);
        standardized.Labels.ToArray().Should().Equal(0, 1, 0, 1);

        float[] again = new float[2];
        standardized.Scaling.Apply([50f, 10f], again);
        again.Should().Equal(values[2], values[3]);
    }

    [Fact]
    public void Standardize_PerFeatureWithAConstantFeature_CentresItWithoutDividingByZero()
    {
        Dataset standardized = Raw().Standardize(perFeature: true);

        standardized.Inputs.Row(1).ToArray().Should().Equal(0f, 0f, 0f, 0f);
        standardized.Inputs.Row(0).ToArray().Average().Should().BeApproximately(0f, 1e-6f);
        standardized.Scaling.Scale.Length.Should().Be(2);
    }

    [Fact]
    public void WithScaling_FromUnitRange_MatchesScalingTheRawValuesDirectly()
    {
        Dataset raw = Raw();
        Dataset unit = raw.WithScaling(InputScaling.UnitRange);
        InputScaling standardize = InputScaling.Standardize([20f, 10f], [5f, 2f]);

        Dataset converted = unit.WithScaling(standardize);

        float[] direct = new float[8];
        standardize.Apply(raw.Inputs, Matrix<float>.Build.Dense(2, 4, direct));
        converted.Inputs.AsColumnMajorArray().Should().BeEquivalentTo(direct, o => o.WithStrictOrdering().Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-5f)).WhenTypeIs<float>());
        converted.Scaling.Should().BeSameAs(standardize);
    }

    [Fact]
    public void Then_UnitRangeThenStandardize_IsAStandardizationOfRawPixels()
    {
        InputScaling composed = InputScaling.UnitRange.Then(InputScaling.Standardize([0.1307f], [0.3081f]));

        composed.Kind.Should().Be("standardize");
        float[] result = new float[1];
        composed.Apply([255f], result);
        result[0].Should().BeApproximately((1f - 0.1307f) / 0.3081f, 1e-5f);
    }
}
