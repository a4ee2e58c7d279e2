using NeuralNet.Activations;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Randomness;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests;

/// <summary>Every layer, activation and loss, back-propagated and compared with finite differences.</summary>
public sealed class GradientCheckTests
{
    public static TheoryData<string, string, string> Combinations()
    {
        var data = new TheoryData<string, string, string>();

        // Each hidden activation under the fused softmax + cross-entropy output.
        foreach (string hidden in new[] { "relu", "leaky-relu", "sigmoid", "tanh", "identity", "softmax" })
        {
            data.Add(hidden, "softmax", "cross-entropy");
        }

        // Softmax's own Jacobian-vector product (no fusion with MSE), cross-entropy's own gradient after sigmoid,
        // and every elementwise activation as an output under MSE.
        data.Add("tanh", "softmax", "mse");
        data.Add("relu", "sigmoid", "cross-entropy");
        foreach (string output in new[] { "identity", "tanh", "sigmoid", "relu", "leaky-relu" })
        {
            data.Add("relu", output, "mse");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Backward_RandomBatch_MatchesCentralDifferences(string hidden, string output, string loss)
    {
        Network network = Network.Create([5, 7, 6, 4], Activation.FromName(hidden), Activation.FromName(output), seed: 13);
        Matrix<float> inputs = TestMatrices.Random(5, 4, seed: 3);
        Matrix<float> targets = loss == "mse" ? TestMatrices.Uniform(4, 4, seed: 5) : TestMatrices.OneHot(4, 4, seed: 5);
        Loss lossFunction = loss == "mse" ? new MeanSquaredErrorLoss() : new CrossEntropyLoss();

        List<string> mismatches = GradientChecker.Check(network, lossFunction, inputs, targets);

        mismatches.Should().BeEmpty();
    }

    [Fact]
    public void Backward_BatchOfPictures_MatchesCentralDifferencesThroughTheSparseKernels()
    {
        // Mostly-zero inputs into a 64-wide layer: W·X and dW = dZ·Xᵀ go to the kernels that multiply only the nonzero values.
        Network network = Network.Create([64, 64, 10], new Tanh(), seed: 4); // tanh: no kink for 320 pre-activations to land near
        Matrix<float> inputs = Compute.SparseProductChecks.Pictures(new Random(6), 64, 5, specials: false) / 255f;
        Compute.SparseProductChecks.SentToSparseKernel(((DenseLayer)network.Layers[0]).Weights.Value, inputs).Should().BeTrue();

        GradientChecker.Check(network, new CrossEntropyLoss(), inputs, TestMatrices.OneHot(10, 5, seed: 7)).Should().BeEmpty();
    }

    [Fact]
    public void Backward_SingleLayerFusedOutput_MatchesCentralDifferences()
    {
        Network network = Network.Create([6, 3], seed: 2);
        Matrix<float> inputs = TestMatrices.Random(6, 5, seed: 8);

        GradientChecker.Check(network, new CrossEntropyLoss(), inputs, TestMatrices.OneHot(3, 5, seed: 9)).Should().BeEmpty();
    }

    [Fact]
    public void Backward_LeakyReluWithCustomSlope_MatchesCentralDifferences()
    {
        var network = new Network(
            new DenseLayer(4, 6, new LeakyRelu(0.2f), random: new SeededRandom(1)),
            new DenseLayer(6, 3, new Softmax(), random: new SeededRandom(2)));

        GradientChecker.Check(network, new CrossEntropyLoss(), TestMatrices.Random(4, 3, seed: 4), TestMatrices.OneHot(3, 3, seed: 6))
            .Should().BeEmpty();
    }

    [Fact]
    public void Backward_DropoutNetworkNotTraining_MatchesCentralDifferences()
    {
        // The network of the first case with dropout after both hidden layers, in inference mode: dropout is the
        // identity, and the fused softmax + cross-entropy path runs back through it.
        Network network = Network.Create([5, 7, 6, 4], seed: 13, dropout: 0.5f);
        network.IsTraining = false;
        Matrix<float> inputs = TestMatrices.Random(5, 4, seed: 3);

        GradientChecker.Check(network, new CrossEntropyLoss(), inputs, TestMatrices.OneHot(4, 4, seed: 5)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("cross-entropy")]
    [InlineData("mse")]
    public void Backward_DropoutNetworkTrainingWithFixedMasks_MatchesCentralDifferences(string loss)
    {
        Network network = Network.Create([5, 8, 7, 4], new Tanh(), loss == "mse" ? new Sigmoid() : new Softmax(), seed: 13, dropout: 0.3f);
        Matrix<float> inputs = TestMatrices.Random(5, 4, seed: 3);
        Matrix<float> targets = loss == "mse" ? TestMatrices.Uniform(4, 4, seed: 5) : TestMatrices.OneHot(4, 4, seed: 5);
        Loss lossFunction = loss == "mse" ? new MeanSquaredErrorLoss() : new CrossEntropyLoss();

        GradientChecker.Check(network, lossFunction, inputs, targets, beforeForward: GradientChecker.FixedMasks(network)).Should().BeEmpty();
    }

    [Fact]
    public void Check_WrongGradient_Fails()
    {
        // A gradient that is off by 10% (what a missing factor or a wrong derivative would give) must not pass.
        Network network = Network.Create([5, 7, 4], seed: 11);
        Matrix<float> inputs = TestMatrices.Random(5, 4, seed: 3);

        List<string> mismatches = GradientChecker.Check(
            network, new CrossEntropyLoss(), inputs, TestMatrices.OneHot(4, 4, seed: 5),
            corrupt: (parameter, index, gradient) => parameter.Name == "weights" ? gradient * 1.1f : gradient);

        mismatches.Should().NotBeEmpty();
    }

    [Fact]
    public void Check_BiasGradientSummedOverEverything_Fails()
    {
        // The classic bug: db = (1/m)·sum of the whole dZ, one scalar for every unit, instead of one sum per unit.
        Network network = Network.Create([5, 7, 4], seed: 11);
        Matrix<float> inputs = TestMatrices.Random(5, 4, seed: 3);
        Matrix<float> targets = TestMatrices.OneHot(4, 4, seed: 5);
        network.Forward(inputs);
        network.Backward(new CrossEntropyLoss(), targets);
        var last = (DenseLayer)network.Layers[^1];
        float wrongBias = last.Biases.Gradient.Enumerate().Sum();

        List<string> mismatches = GradientChecker.Check(
            network, new CrossEntropyLoss(), inputs, targets,
            corrupt: (parameter, index, gradient) => ReferenceEquals(parameter, last.Biases) ? wrongBias : gradient);

        mismatches.Should().NotBeEmpty();
    }
}
