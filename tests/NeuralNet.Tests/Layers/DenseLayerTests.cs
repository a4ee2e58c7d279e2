using NeuralNet.Activations;
using NeuralNet.Layers;
using NeuralNet.Randomness;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Layers;

public sealed class DenseLayerTests
{
    [Fact]
    public void Forward_KnownWeights_ComputesWTimesAPlusB()
    {
        var layer = new DenseLayer(2, 2, new Identity());
        layer.Weights.Value.SetRow(0, [1f, 2f]);
        layer.Weights.Value.SetRow(1, [3f, 4f]);
        layer.Biases.Value.SetColumn(0, [10f, 20f]);
        Matrix<float> input = Matrix<float>.Build.DenseOfColumnArrays([1f, 1f], [2f, 0f]);

        Matrix<float> output = layer.Forward(input);

        output.Column(0).ToArray().Should().Equal(13f, 27f);
        output.Column(1).ToArray().Should().Equal(12f, 26f);
    }

    [Fact]
    public void Backward_BiasGradient_IsMeanOfEachRow()
    {
        var layer = new DenseLayer(2, 2, new Identity());
        layer.Forward(Matrix<float>.Build.Dense(2, 4));
        Matrix<float> dz = Matrix<float>.Build.DenseOfRowArrays([1f, 2f, 3f, 6f], [0f, 0f, 0f, 4f]);

        layer.BackwardFromPreActivation(dz);

        layer.Biases.Gradient.Column(0).ToArray().Should().Equal(3f, 1f);
    }

    [Fact]
    public void Infer_MatchesForwardWithoutTouchingState()
    {
        var layer = new DenseLayer(5, 3, new Tanh(), random: new SeededRandom(3));
        Matrix<float> first = TestMatrices.Random(5, 2, seed: 1);
        Matrix<float> forward = layer.Forward(first).Clone();

        Matrix<float> inferred = Matrix<float>.Build.Dense(3, 2);
        layer.Infer(first, inferred);
        layer.Infer(TestMatrices.Random(5, 2, seed: 9), Matrix<float>.Build.Dense(3, 2));

        inferred.Should().BeEquivalentTo(forward);
        layer.PreActivations.Should().NotBeNull();
        layer.Forward(first).Should().BeEquivalentTo(forward);
    }

    [Fact]
    public void Backward_WithoutInputGradient_ReturnsNullButFillsParameters()
    {
        var layer = new DenseLayer(3, 2, new Relu(), random: new SeededRandom(2));
        layer.Forward(TestMatrices.Random(3, 4, seed: 1));
        layer.Backward(TestMatrices.Random(2, 4, seed: 5), computeInputGradient: false).Should().BeNull();
        layer.Weights.Gradient.Enumerate().Should().Contain(v => v != 0f);
    }

    [Fact]
    public void Backward_BeforeForward_ThrowsNamingLayer()
    {
        var layer = new DenseLayer(784, 128, new Relu());
        Action act = () => layer.Backward(Matrix<float>.Build.Dense(128, 1));
        act.Should().Throw<InvalidOperationException>().WithMessage("Backward was called before Forward on DenseLayer(784->128, ReLU).");
    }

    [Fact]
    public void Backward_GradientOfWrongShape_ThrowsNamingShapes()
    {
        var layer = new DenseLayer(4, 3, new Relu());
        layer.Forward(Matrix<float>.Build.Dense(4, 2));
        Action act = () => layer.Backward(Matrix<float>.Build.Dense(3, 5));
        act.Should().Throw<ArgumentException>().WithMessage("*3x2*3x5*");
    }

    [Fact]
    public void Forward_WrongFeatureCount_ThrowsNamingLayerAndSizes()
    {
        var layer = new DenseLayer(784, 128, new Relu());
        Action act = () => layer.Forward(Matrix<float>.Build.Dense(100, 3));
        act.Should().Throw<ArgumentException>().WithMessage("DenseLayer(784->128, ReLU) expects 784 features per sample but got a 100x3 batch.*");
    }

    [Fact]
    public void Infer_OutputOfWrongShape_ThrowsNamingShapes()
    {
        var layer = new DenseLayer(4, 3, new Relu());
        Action act = () => layer.Infer(Matrix<float>.Build.Dense(4, 2), Matrix<float>.Build.Dense(3, 3));
        act.Should().Throw<ArgumentException>().WithMessage("*3x2*3x3*");
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(3, -1)]
    public void Constructor_NonPositiveSize_Throws(int inputs, int outputs)
    {
        Action act = () => _ = new DenseLayer(inputs, outputs, new Relu());
        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Forward_AlternatingBatchSizes_ReusesBuffers()
    {
        var layer = new DenseLayer(3, 2, new Relu());
        Matrix<float> first64 = layer.Forward(Matrix<float>.Build.Dense(3, 64));
        Matrix<float> first32 = layer.Forward(Matrix<float>.Build.Dense(3, 32));

        layer.Forward(Matrix<float>.Build.Dense(3, 64)).Should().BeSameAs(first64);
        layer.Forward(Matrix<float>.Build.Dense(3, 32)).Should().BeSameAs(first32);
    }
}
