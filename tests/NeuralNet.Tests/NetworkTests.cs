using NeuralNet.Activations;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Preprocessing;
using NeuralNet.Randomness;
using NeuralNet.Tests.Serialization;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests;

public sealed class NetworkTests
{
    [Fact]
    public void Forward_TutorialShapes_GiveProbabilityColumns()
    {
        // The tutorials' 784-10-10 network on X of shape (784, m).
        const int m = 7;
        Network network = Network.Create([784, 10, 10], seed: 1);
        Matrix<float> output = network.Forward(TestMatrices.Random(784, m, seed: 2));

        var hidden = (DenseLayer)network.Layers[0];
        hidden.PreActivations.RowCount.Should().Be(10);
        hidden.PreActivations.ColumnCount.Should().Be(m);
        output.RowCount.Should().Be(10);
        output.ColumnCount.Should().Be(m);
        for (int j = 0; j < m; j++)
        {
            output.Column(j).Sum().Should().BeApproximately(1f, 1e-5f);
        }
    }

    [Fact]
    public void ToString_DescribesArchitecture()
    {
        Network network = Network.Create([784, 128, 10]);
        network.ToString().Should().Be("Network(784-128-10)");
        network.Layers[0].ToString().Should().Be("DenseLayer(784->128, ReLU)");
        network.Layers[1].ToString().Should().Be("DenseLayer(128->10, Softmax)");
        network.ParameterCount.Should().Be((784 * 128) + 128 + (128 * 10) + 10);
    }

    [Fact]
    public void ToString_Cnn_ListsTheInputShapeAndEachLayer()
    {
        var conv1 = new Conv2D(new SampleShape(1, 28, 28), 32, 5, new Relu(), padding: 2);
        var pool1 = new MaxPool2D(conv1.OutputShape, 2);
        var conv2 = new Conv2D(pool1.OutputShape, 64, 3, new Relu(), stride: 2);
        var norm = new BatchNorm(conv2.OutputShape);
        var pool2 = new AveragePool2D(norm.OutputShape, 3, 2);
        var network = new Network(conv1, pool1, conv2, norm, pool2, new DenseLayer(pool2.OutputSize, 128, new Relu()), new Dropout(128, 0.5f), new DenseLayer(128, 10, new Softmax()));

        network.ToString().Should().Be("Network(1×28×28 → conv 32×5×5 pad 2 → pool 2 → conv 64×3×3 stride 2 → bn → avgpool 3 stride 2 → 128 → dropout 0.5 → 10)");
    }

    [Fact]
    public void ToString_DenseWithFlatBatchNorm_UsesTheArrowForm()
    {
        var network = new Network(new DenseLayer(784, 128, new Relu()), new BatchNorm(128), new DenseLayer(128, 10, new Softmax()));

        network.ToString().Should().Be("Network(784 → 128 → bn → 10)");
    }

    [Fact]
    public void Create_SameSeed_GivesIdenticalWeights()
    {
        Network a = Network.Create([20, 8, 3], seed: 42);
        Network b = Network.Create([20, 8, 3], seed: 42);
        Network c = Network.Create([20, 8, 3], seed: 43);

        for (int i = 0; i < a.Parameters.Count; i++)
        {
            a.Parameters[i].ValueSpan.SequenceEqual(b.Parameters[i].ValueSpan).Should().BeTrue();
        }

        a.Parameters[0].ValueSpan.SequenceEqual(c.Parameters[0].ValueSpan).Should().BeFalse();
    }

    [Fact]
    public void Predict_BatchAndSingleSample_Agree()
    {
        Network network = Network.Create([6, 5, 4], seed: 3);
        Matrix<float> inputs = TestMatrices.Random(6, 9, seed: 4);

        int[] batch = network.Predict(inputs);
        Matrix<float> probabilities = network.PredictProbabilities(inputs);

        for (int j = 0; j < inputs.ColumnCount; j++)
        {
            float[] sample = inputs.Column(j).ToArray();
            network.Predict(sample).Should().Be(batch[j]);
            // One sample may go through a matrix-vector kernel and a batch through gemm: equal up to rounding.
            network.PredictProbabilities(sample).Should().Equal(probabilities.Column(j).ToArray(), (a, b) => Math.Abs(a - b) <= 1e-6f);
            batch[j].Should().Be(probabilities.Column(j).MaximumIndex());
        }
    }

    [Fact]
    public void Predict_MatchesForwardOnScaledInputs()
    {
        Network network = Network.Create([6, 5, 4], seed: 3);
        network.InputScaling = InputScaling.UnitRange;
        Matrix<float> raw = TestMatrices.Random(6, 3, seed: 4, scale: 100f);

        Matrix<float> expected = network.Forward(raw.Divide(255f)).Clone();
        Matrix<float> actual = network.PredictProbabilities(raw);

        for (int i = 0; i < expected.RowCount; i++)
        {
            for (int j = 0; j < expected.ColumnCount; j++)
            {
                actual[i, j].Should().BeApproximately(expected[i, j], 1e-6f);
            }
        }
    }

    [Fact]
    public void Backward_NonFusedLossEqualsExplicitGradient()
    {
        Network network = Network.Create([4, 3, 2], outputActivation: new Sigmoid(), seed: 5);
        Matrix<float> inputs = TestMatrices.Random(4, 3, seed: 6);
        Matrix<float> targets = TestMatrices.Uniform(2, 3, seed: 7);
        var loss = new MeanSquaredErrorLoss();

        Matrix<float> output = network.Forward(inputs);
        Matrix<float> gradient = Matrix<float>.Build.Dense(2, 3);
        loss.Gradient(output, targets, gradient);
        network.Backward(gradient);
        Matrix<float> explicitGradient = network.Parameters[0].Gradient.Clone();

        network.Forward(inputs);
        network.Backward(loss, targets);
        network.Parameters[0].Gradient.Should().BeEquivalentTo(explicitGradient);
    }

    [Fact]
    public void Constructor_IncompatibleNeighbours_ThrowsNamingBothLayersAndSizes()
    {
        Action act = () => _ = new Network(new DenseLayer(784, 128, new Relu()), new DenseLayer(64, 10, new Softmax()));
        act.Should().Throw<ArgumentException>().WithMessage("*DenseLayer(784->128, ReLU)*128*DenseLayer(64->10, Softmax)*64*");
    }

    [Fact]
    public void Constructor_NoLayers_Throws()
    {
        Action act = () => _ = new Network(Array.Empty<Layer>());
        act.Should().Throw<ArgumentException>().WithMessage("*at least one layer*");
    }

    [Theory]
    [InlineData(new[] { 784 }, "*[784]*")]
    [InlineData(new[] { 784, 0, 10 }, "*Size 1 is 0*")]
    public void Create_BadSizes_ThrowsNamingThem(int[] sizes, string message)
    {
        Action act = () => Network.Create(sizes);
        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void Forward_WrongFeatureCount_ThrowsNamingExpectedAndActual()
    {
        Network network = Network.Create([784, 10, 10]);
        Action act = () => network.Forward(Matrix<float>.Build.Dense(785, 2));
        act.Should().Throw<ArgumentException>().WithMessage("*784*785x2*");
    }

    [Fact]
    public void Predict_WrongFeatureCount_ThrowsNamingExpectedAndActual()
    {
        Network network = Network.Create([784, 10, 10]);
        Action batch = () => network.Predict(Matrix<float>.Build.Dense(28, 28));
        Action sample = () => network.Predict(new float[783]);
        Action probabilities = () => network.PredictProbabilities(new float[784], new float[9]);

        batch.Should().Throw<ArgumentException>().WithMessage("*784*28x28*");
        sample.Should().Throw<ArgumentException>().WithMessage("*784*783*");
        probabilities.Should().Throw<ArgumentException>().WithMessage("*10 outputs*9*");
    }

    [Fact]
    public void Backward_BeforeForward_ThrowsNamingNetwork()
    {
        Network network = Network.Create([4, 3]);
        Action act = () => network.Backward(new CrossEntropyLoss(), Matrix<float>.Build.Dense(3, 1));
        act.Should().Throw<InvalidOperationException>().WithMessage("*before Forward*Network(4-3)*");
    }

    [Fact]
    public void Backward_TargetsOfWrongShape_ThrowsNamingShapes()
    {
        Network network = Network.Create([4, 3]);
        network.Forward(Matrix<float>.Build.Dense(4, 2));
        Action act = () => network.Backward(new CrossEntropyLoss(), Matrix<float>.Build.Dense(3, 5));
        act.Should().Throw<ArgumentException>().WithMessage("*3x2*3x5*");
    }

    [Fact]
    public void InputScaling_PerFeatureForOtherWidth_Throws()
    {
        Network network = Network.Create([4, 3]);
        Action act = () => network.InputScaling = InputScaling.Standardize([0f, 0f], [1f, 1f]);
        act.Should().Throw<ArgumentException>().WithMessage("*2 features*4*");
    }

    [Fact]
    public void Create_WithDropout_InsertsOneAfterEveryHiddenLayerAndKeepsTheWeights()
    {
        Network network = Network.Create([784, 800, 800, 10], seed: 3, dropout: 0.5f);
        Network plain = Network.Create([784, 800, 800, 10], seed: 3);

        network.Layers.Select(l => l.ToString()).Should().Equal(
            "DenseLayer(784->800, ReLU)", "Dropout(0.5)", "DenseLayer(800->800, ReLU)", "Dropout(0.5)", "DenseLayer(800->10, Softmax)");
        network.ToString().Should().Be("Network(784-800-800-10, dropout 0.5)");
        TestModels.ParameterBits(network).Should().Equal(TestModels.ParameterBits(plain), "the masks have generators of their own");
        network.ParameterCount.Should().Be(plain.ParameterCount);
    }

    [Fact]
    public void Create_DropoutZero_AddsNoLayers()
    {
        Network.Create([4, 3, 2], dropout: 0f).Layers.Should().AllBeOfType<DenseLayer>().And.HaveCount(2);
    }

    [Fact]
    public void ToString_DropoutOfDifferentRates_ListsThem()
    {
        var network = new Network(
            new Dropout(4, 0.2f), new DenseLayer(4, 3, new Relu()), new Dropout(3, 0.5f), new DenseLayer(3, 2, new Softmax()));

        network.ToString().Should().Be("Network(4-3-2, dropout 0.2/0.5)");
    }

    [Theory]
    [InlineData(-0.1f, "-0.1")]
    [InlineData(1f, "1")]
    [InlineData(float.NaN, "NaN")]
    public void Create_DropoutOutsideZeroToOne_ThrowsNamingIt(float dropout, string shown)
    {
        Action act = () => Network.Create([4, 3, 2], dropout: dropout);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("dropout").WithMessage($"*[0, 1)*but got {shown}.*");
    }

    [Theory]
    [InlineData("none")]
    [InlineData("unit-range")]
    [InlineData("standardize")]
    public void Predict_WithDropout_IgnoresItInEveryMode(string scaling)
    {
        Network network = Network.Create([6, 9, 7, 4], seed: 5, dropout: 0.5f);
        Network plain = Network.Create([6, 9, 7, 4], seed: 5);
        foreach (Network n in new[] { network, plain })
        {
            n.InputScaling = scaling switch
            {
                "unit-range" => InputScaling.UnitRange, // folded into the first product
                "standardize" => InputScaling.Standardize([1f, 2f, 3f, 4f, 5f, 6f], [2f, 2f, 2f, 2f, 2f, 2f]),
                _ => InputScaling.None,
            };
        }

        Matrix<float> inputs = TestMatrices.Random(6, 11, seed: 6, scale: 50f);
        float[] expected = plain.PredictProbabilities(inputs).AsColumnMajorArray();

        network.IsTraining = true;
        network.PredictProbabilities(inputs).AsColumnMajorArray().Should().Equal(expected);
        network.PredictProbabilities(inputs).AsColumnMajorArray().Should().Equal(expected, "Predict draws no masks");
        network.Predict(inputs).Should().Equal(plain.Predict(inputs));
        network.PredictProbabilities(inputs.Column(2).ToArray()).Should().Equal(plain.PredictProbabilities(inputs.Column(2).ToArray()));
        network.IsTraining = false;
        network.PredictProbabilities(inputs).AsColumnMajorArray().Should().Equal(expected);
    }

    [Fact]
    public void Predict_InputDropoutBeforeTheFirstLayer_StillFoldsTheScaling()
    {
        var dense = new DenseLayer(5, 3, new Softmax(), random: new SeededRandom(2));
        var withDropout = new Network(new Dropout(5, 0.2f), dense) { InputScaling = InputScaling.UnitRange };
        var plain = new Network(dense) { InputScaling = InputScaling.UnitRange };
        Matrix<float> inputs = TestMatrices.Random(5, 4, seed: 1, scale: 100f);

        withDropout.PredictProbabilities(inputs).AsColumnMajorArray().Should().Equal(plain.PredictProbabilities(inputs).AsColumnMajorArray());
    }

    [Fact]
    public void Predict_OnlyDropout_ReturnsTheScaledInput()
    {
        var network = new Network(new Dropout(3, 0.5f)) { InputScaling = InputScaling.UnitRange };
        Matrix<float> inputs = Matrix<float>.Build.DenseOfColumnArrays([0f, 51f, 255f]);

        network.PredictProbabilities(inputs).Column(0).ToArray().Should().Equal([0f, 0.2f, 1f], (a, b) => Math.Abs(a - b) <= 1e-6f);
        network.PredictProbabilities(new float[] { 255f, 0f, 0f }).Should().Equal([1f, 0f, 0f], (a, b) => Math.Abs(a - b) <= 1e-6f);
    }

    [Fact]
    public void IsTraining_Set_ReachesEveryLayer()
    {
        Network network = Network.Create([4, 3, 3, 2], dropout: 0.5f);

        network.IsTraining = false;

        network.Layers.Should().OnlyContain(l => !l.IsTraining);
        network.IsTraining.Should().BeFalse();
    }
}
