using NeuralNet.Data;
using NeuralNet.Preprocessing;

namespace NeuralNet.Tests.Data;

/// <summary>Datasets from rows, regression targets, class names, and shape errors that say "transpose".</summary>
public sealed class DatasetRowsTests
{
    private static readonly float[][] Rows = [[1f, 2f, 3f], [4f, 5f, 6f]];

    [Fact]
    public void FromRows_IntegerLabels_MakesOneColumnPerRow()
    {
        Dataset data = Dataset.FromRows(Rows, [1, 0]);

        data.FeatureCount.Should().Be(3);
        data.Count.Should().Be(2);
        data.Inputs.Column(1).ToArray().Should().Equal(4f, 5f, 6f);
        data.Labels.ToArray().Should().Equal(1, 0);
    }

    [Fact]
    public void FromRows_StringLabels_NumbersClassesInOrdinalOrder()
    {
        Dataset data = Dataset.FromRows(Rows, new[] { "zebra", "ant" });

        data.ClassNames.Should().Equal("ant", "zebra");
        data.Labels.ToArray().Should().Equal(1, 0);
    }

    [Fact]
    public void FromRows_Targets_MakesARegressionSetThatFillsFloatBatches()
    {
        Dataset data = Dataset.FromRows(Rows, new[] { 0.5f, -2f });

        data.Task.Should().Be(DatasetTask.Regression);
        data.TargetCount.Should().Be(1);
        var inputs = Matrix<float>.Build.Dense(3, 2);
        var targets = Matrix<float>.Build.Dense(1, 2);
        data.FillBatch([1, 0], inputs, targets);
        targets.AsColumnMajorArray().Should().Equal(-2f, 0.5f);
        inputs.Column(0).ToArray().Should().Equal(4f, 5f, 6f);
        data.Shuffle(3).Targets!.AsColumnMajorArray().Order().Should().Equal(-2f, 0.5f);
        data.Invoking(d => d.OneHot()).Should().Throw<InvalidOperationException>().WithMessage("*regression set*");
    }

    [Fact]
    public void FromRows_RaggedOrNonFiniteRows_AreRefusedNamingTheRow()
    {
        Action ragged = () => Dataset.FromRows([[1f, 2f], [3f]]);
        Action nan = () => Dataset.FromRows([[1f, 2f], [3f, float.NaN]]);

        ragged.Should().Throw<ArgumentException>().WithMessage("Row 1 has 1 features but row 0 has 2*");
        nan.Should().Throw<ArgumentException>().WithMessage("Row 1, feature 1 is NaN*");
    }

    [Fact]
    public void Constructor_RowsGivenAsSamples_HintsToTranspose()
    {
        // 5 samples of 3 features passed as rows: a 5x3 matrix with 5 labels.
        Matrix<float> rowsAsSamples = Matrix<float>.Build.Dense(5, 3);

        Action act = () => _ = new Dataset(rowsAsSamples, [0, 1, 0, 1, 0]);

        act.Should().Throw<ArgumentException>().WithMessage("*needs 3 labels but got 5*samples are columns*transpose*");
    }

    [Fact]
    public void Constructor_PerFeatureScalingForTheColumnCount_HintsToTranspose()
    {
        Action act = () => _ = new Dataset(Matrix<float>.Build.Dense(5, 3), null, scaling: InputScaling.Standardize([0f, 0f, 0f], [1f, 1f, 1f]));

        act.Should().Throw<ArgumentException>().WithMessage("*for 3 features but the samples have 5*transpose*");
    }

    [Fact]
    public void Constructor_ClassCountAboveTheLimit_IsRefused()
    {
        Action act = () => _ = new Dataset(Matrix<float>.Build.Dense(1, 1), [2_000_000_000 - 1]);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*1999999999*more than the 65536*");
    }

    [Fact]
    public void ForRegression_NonFiniteTarget_IsRefused()
    {
        Action act = () => Dataset.ForRegression(Matrix<float>.Build.Dense(2, 2), Matrix<float>.Build.DenseOfColumnMajor(1, 2, [1f, float.PositiveInfinity]));

        act.Should().Throw<ArgumentException>().WithMessage("Target 0 of sample 1 is Infinity*");
    }

    [Fact]
    public void WithClassNames_TravelThroughSplitsAndSubsets()
    {
        Dataset data = Dataset.FromRows(Rows, [1, 0], classCount: 2).WithClassNames(["T-shirt/top", "Trouser"]);

        (Dataset train, Dataset validation) = data.Split(1, seed: 0);

        train.ClassNames.Should().Equal("T-shirt/top", "Trouser");
        validation.ClassNames.Should().Equal("T-shirt/top", "Trouser");
        data.Invoking(d => d.WithClassNames(["a"])).Should().Throw<ArgumentException>().WithMessage("1 class names were given*2 classes*");
    }

    [Fact]
    public void ClassComparison_ClassWithoutTrainingSamples_IsReported()
    {
        Dataset train = Dataset.FromRows(Rows, [0, 2], classCount: 3);
        Dataset test = Dataset.FromRows(Rows, [1, 2], classCount: 3);

        ClassComparison comparison = ClassComparison.Compare(train, test);

        comparison.ClassesWithoutTrainingSamples.Should().Equal(1);
        comparison.LabelsUnknownToTraining.Should().Equal(1);
        comparison.Problems.Should().HaveCount(2);
    }

    [Fact]
    public void AssumeScaledBy_LetsAScaledFileBeConvertedToANetworksScaling()
    {
        Dataset scaled = Dataset.FromRows([[0.5f, 1f]], [0]);

        Dataset pixels = scaled.AssumeScaledBy(InputScaling.UnitRange).WithScaling(InputScaling.None);

        pixels.Inputs.AsColumnMajorArray().Should().BeEquivalentTo(new[] { 127.5f, 255f }, o => o.Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-3f)).WhenTypeIs<float>());
    }
}
