using NeuralNet.Activations;
using NeuralNet.Losses;

namespace NeuralNet.Tests.Losses;

public sealed class LossTests
{
    [Fact]
    public void CrossEntropy_PerfectPrediction_IsAboutZero()
    {
        Matrix<float> y = Matrix<float>.Build.DenseOfColumnArrays([0f, 1f, 0f], [1f, 0f, 0f]);
        new CrossEntropyLoss().Compute(y, y).Should().BeApproximately(0f, 1e-6f);
    }

    [Fact]
    public void CrossEntropy_ZeroProbabilityForTrueClass_IsFinite()
    {
        Matrix<float> a = Matrix<float>.Build.DenseOfColumnArrays([1f, 0f]);
        Matrix<float> y = Matrix<float>.Build.DenseOfColumnArrays([0f, 1f]);
        float loss = new CrossEntropyLoss().Compute(a, y);

        float.IsFinite(loss).Should().BeTrue();
        loss.Should().BeApproximately(-MathF.Log(CrossEntropyLoss.Epsilon), 1e-3f);
    }

    [Fact]
    public void CrossEntropy_IsMeanOverBatch()
    {
        Matrix<float> a = Matrix<float>.Build.DenseOfColumnArrays([0.5f, 0.5f], [0.25f, 0.75f]);
        Matrix<float> y = Matrix<float>.Build.DenseOfColumnArrays([1f, 0f], [0f, 1f]);

        new CrossEntropyLoss().Compute(a, y).Should().BeApproximately(-(MathF.Log(0.5f) + MathF.Log(0.75f)) / 2, 1e-6f);
    }

    [Fact]
    public void CrossEntropy_LabelsAndOneHot_Agree()
    {
        Matrix<float> a = Matrix<float>.Build.DenseOfColumnArrays([0.2f, 0.8f], [0.6f, 0.4f], [0.1f, 0.9f]);
        Matrix<float> y = Matrix<float>.Build.DenseOfColumnArrays([0f, 1f], [1f, 0f], [0f, 1f]);
        var loss = new CrossEntropyLoss();
        Matrix<float> fromOneHot = Matrix<float>.Build.Dense(2, 3);
        Matrix<float> fromLabels = Matrix<float>.Build.Dense(2, 3);
        loss.CombinedGradient(a, y, fromOneHot);
        loss.CombinedGradient(a, [1, 0, 1], fromLabels);

        loss.Compute(a, [1, 0, 1]).Should().Be(loss.Compute(a, y));
        fromLabels.Should().BeEquivalentTo(fromOneHot);
        fromOneHot[1, 0].Should().BeApproximately(0.8f - 1f, 1e-7f);
    }

    [Fact]
    public void CrossEntropy_CombinesOnlyWithSoftmax()
    {
        var loss = new CrossEntropyLoss();
        loss.CombinesWith(new Softmax()).Should().BeTrue();
        loss.CombinesWith(new Sigmoid()).Should().BeFalse();
        new MeanSquaredErrorLoss().CombinesWith(new Softmax()).Should().BeFalse();
    }

    [Fact]
    public void MeanSquaredError_IsMeanOverEveryElement()
    {
        Matrix<float> a = Matrix<float>.Build.DenseOfColumnArrays([1f, 2f], [3f, 4f]);
        Matrix<float> y = Matrix<float>.Build.DenseOfColumnArrays([0f, 2f], [3f, 2f]);
        new MeanSquaredErrorLoss().Compute(a, y).Should().BeApproximately((1f + 0f + 0f + 4f) / 4f, 1e-6f);
    }

    [Fact]
    public void Compute_TargetsOfOtherShape_ThrowsNamingBothShapes()
    {
        Action act = () => new CrossEntropyLoss().Compute(Matrix<float>.Build.Dense(10, 4), Matrix<float>.Build.Dense(10, 3));
        act.Should().Throw<ArgumentException>().WithMessage("*10x4*10x3*");
    }

    [Fact]
    public void Gradient_ResultOfOtherShape_ThrowsNamingBothShapes()
    {
        Action act = () => new MeanSquaredErrorLoss().Gradient(Matrix<float>.Build.Dense(2, 4), Matrix<float>.Build.Dense(2, 4), Matrix<float>.Build.Dense(4, 2));
        act.Should().Throw<ArgumentException>().WithMessage("*2x4*4x2*");
    }

    [Fact]
    public void CrossEntropy_LabelOutOfRange_ThrowsNamingLabelAndClasses()
    {
        Action act = () => new CrossEntropyLoss().Compute(Matrix<float>.Build.Dense(10, 2), [3, 10]);
        act.Should().Throw<ArgumentException>().WithMessage("*Label 10*sample 1*10 classes*");
    }

    [Fact]
    public void CrossEntropy_WrongLabelCount_ThrowsNamingCounts()
    {
        Action act = () => new CrossEntropyLoss().Compute(Matrix<float>.Build.Dense(10, 4), [1, 2]);
        act.Should().Throw<ArgumentException>().WithMessage("*4 columns*2 labels*");
    }

    [Fact]
    public void CombinedGradient_OnMeanSquaredError_IsNotSupported()
    {
        Action act = () => new MeanSquaredErrorLoss().CombinedGradient(Matrix<float>.Build.Dense(2, 2), Matrix<float>.Build.Dense(2, 2), Matrix<float>.Build.Dense(2, 2));
        act.Should().Throw<NotSupportedException>().WithMessage("*MeanSquaredError*");
    }
}
