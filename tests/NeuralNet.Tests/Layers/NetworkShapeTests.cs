using NeuralNet.Activations;
using NeuralNet.Layers;
using NeuralNet.Randomness;

namespace NeuralNet.Tests.Layers;

public sealed class NetworkShapeTests
{
    [Fact]
    public void Constructor_ChannelMismatchBetweenImageLayers_NamesBothLayersAndShapes()
    {
        var conv = new Conv2D(new SampleShape(1, 28, 28), 32, 5, new Relu(), padding: 2);
        var pool = new MaxPool2D(conv.OutputShape, 2);
        var next = new Conv2D(new SampleShape(16, 14, 14), 32, 5, new Relu(), padding: 2);

        Action act = () => _ = new Network(conv, pool, next);

        act.Should().Throw<ArgumentException>()
            .WithMessage("Layer 1 (MaxPool2D(2)) outputs 32×14×14 but layer 2 (Conv2D(16->32, 5×5, pad 2, ReLU)) expects 16×14×14.*");
    }

    [Fact]
    public void Constructor_SameSizeButTransposedImage_Throws()
    {
        // 4×2×3 and 4×3×2 hold 24 values each, but a column of one is not a column of the other.
        var pool = new MaxPool2D(new SampleShape(4, 4, 6), 2);
        var next = new AveragePool2D(new SampleShape(4, 3, 2), 1);

        Action act = () => _ = new Network(pool, next);

        act.Should().Throw<ArgumentException>().WithMessage("*outputs 4×2×3*expects 4×3×2*");
    }

    [Fact]
    public void Constructor_DenseAfterPooling_TakesTheFlattenedFeatures()
    {
        var conv = new Conv2D(new SampleShape(1, 8, 8), 4, 3, new Relu(), padding: 1);
        var pool = new MaxPool2D(conv.OutputShape, 2);

        var network = new Network(conv, pool, new DenseLayer(4 * 4 * 4, 10, new Softmax()));

        network.Forward(Matrix<float>.Build.Dense(64, 3)).RowCount.Should().Be(10);
        network.Predict(Matrix<float>.Build.Dense(64, 2)).Should().HaveCount(2);
    }

    [Fact]
    public void Constructor_DenseOfTheWrongSizeAfterPooling_SaysHowManyFeaturesArrive()
    {
        var pool = new MaxPool2D(new SampleShape(64, 14, 14), 2);

        Action act = () => _ = new Network(pool, new DenseLayer(3000, 128, new Relu()));

        act.Should().Throw<ArgumentException>()
            .WithMessage("Layer 0 (MaxPool2D(2)) outputs 64×7×7 (3136 features once flattened) but layer 1 (DenseLayer(3000->128, ReLU)) expects 3000 features.*");
    }

    [Fact]
    public void Constructor_ConvolutionAfterDense_ReadsTheColumnAsAnImageOfTheSameSize()
    {
        var dense = new DenseLayer(10, 2 * 3 * 3, new Relu());

        new Network(dense, new Conv2D(new SampleShape(2, 3, 3), 1, 3, new Identity())).OutputSize.Should().Be(1);
        Action wrong = () => _ = new Network(dense, new Conv2D(new SampleShape(2, 4, 4), 1, 3, new Identity()));
        wrong.Should().Throw<ArgumentException>().WithMessage("*outputs 18 features*expects 2×4×4 (32 features)*");
    }

    [Fact]
    public void Shapes_OfDenseLayers_AreFlat()
    {
        var dense = new DenseLayer(784, 128, new Relu());

        dense.InputShape.Should().Be(SampleShape.Flat(784));
        dense.OutputShape.IsFlat.Should().BeTrue();
        dense.OutputShape.ToString().Should().Be("128");
    }

    [Fact]
    public void BatchNormAfterConvolution_TrainsAndPredicts()
    {
        // The full stack of the PyTorch comparison, through the network's own passes.
        var conv = new Conv2D(new SampleShape(1, 6, 6), 3, 3, new Relu(), padding: 1, random: new SeededRandom(1));
        var pool = new MaxPool2D(conv.OutputShape, 2);
        var norm = new BatchNorm(pool.OutputShape);
        var network = new Network(conv, pool, norm, new DenseLayer(pool.OutputSize, 4, new Softmax(), random: new SeededRandom(2)));
        Matrix<float> x = Support.TestMatrices.Random(36, 8, seed: 3);

        network.Forward(x);
        network.Backward(new NeuralNet.Losses.CrossEntropyLoss(), Support.TestMatrices.OneHot(4, 8, seed: 4));

        norm.RunningMean.ToArray().Should().Contain(v => v != 0f);
        network.PredictProbabilities(x).ColumnSums().Enumerate().Should().OnlyContain(s => Math.Abs(s - 1f) < 1e-5f);
    }
}
