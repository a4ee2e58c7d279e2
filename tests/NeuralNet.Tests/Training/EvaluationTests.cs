using NeuralNet.Activations;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Preprocessing;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

public sealed class EvaluationTests
{
    [Fact]
    public void ConfusionMatrix_KnownPredictions_GivesHandComputedPrecisionRecallAndF1()
    {
        var confusion = new ConfusionMatrix(3);
        (int True, int Predicted)[] pairs = [(0, 0), (0, 0), (0, 1), (1, 1), (1, 1), (1, 1), (1, 2), (2, 0), (2, 2)];
        foreach (var (t, p) in pairs)
        {
            confusion.Add(t, p);
        }

        confusion[0, 0].Should().Be(2);
        confusion[1, 2].Should().Be(1);
        confusion.Total.Should().Be(9);
        confusion.Accuracy.Should().BeApproximately(6.0 / 9, 1e-12);
        confusion.Precision(0).Should().BeApproximately(2.0 / 3, 1e-12); // predicted 0: two of class 0, one of class 2
        confusion.Recall(0).Should().BeApproximately(2.0 / 3, 1e-12);
        confusion.Precision(1).Should().BeApproximately(3.0 / 4, 1e-12);
        confusion.Recall(1).Should().BeApproximately(3.0 / 4, 1e-12);
        confusion.Precision(2).Should().BeApproximately(1.0 / 2, 1e-12);
        confusion.Recall(2).Should().BeApproximately(1.0 / 2, 1e-12);
        confusion.F1(1).Should().BeApproximately(0.75, 1e-12);
        confusion.MacroF1.Should().BeApproximately(((2.0 / 3) + 0.75 + 0.5) / 3, 1e-12);
    }

    [Fact]
    public void ConfusionMatrix_ClassNeverPredicted_HasZeroPrecisionNotNaN()
    {
        var confusion = new ConfusionMatrix(2);
        confusion.Add(1, 0);

        confusion.Precision(1).Should().Be(0);
        confusion.F1(1).Should().Be(0);
    }

    [Fact]
    public void ConfusionMatrix_ClassOutOfRange_Throws()
    {
        var confusion = new ConfusionMatrix(2);

        Action add = () => confusion.Add(0, 2);

        add.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*(0, 2)*2 classes*");
    }

    [Fact]
    public void Evaluate_KnownNetwork_MatchesPredictAndTheLossByHand()
    {
        // One dense layer with fixed weights: the answers can be computed directly.
        var layer = new DenseLayer(2, 2, new Softmax());
        layer.Weights.Value.SetColumn(0, [2f, -2f]);
        layer.Weights.Value.SetColumn(1, [-1f, 1f]);
        var network = new Network(layer);
        Matrix<float> inputs = Matrix<float>.Build.DenseOfArray(new float[,] { { 1, 0, 1, 0.2f }, { 0, 1, 1, 0.9f } });
        int[] labels = [0, 1, 1, 0];
        var data = new Dataset(inputs, labels, 2);

        Evaluation evaluation = network.Evaluate(data);

        int[] predicted = network.Predict(inputs);
        evaluation.Accuracy.Should().Be(predicted.Zip(labels).Count(p => p.First == p.Second) / 4.0);
        Matrix<float> probabilities = network.PredictProbabilities(inputs);
        double expectedLoss = -Enumerable.Range(0, 4).Average(j => Math.Log(probabilities[labels[j], j]));
        evaluation.Loss.Should().BeApproximately(expectedLoss, 1e-6);
        evaluation.Count.Should().Be(4);
    }

    [Fact]
    public void Evaluate_MoreThanOneChunk_CountsEverySample()
    {
        Dataset data = SyntheticData.Blobs(1000, seed: 1); // 3,000 samples: chunks of 1,024, 1,024 and 952
        Network network = Network.Create([4, 3], seed: 2);

        Evaluation evaluation = network.Evaluate(data);

        evaluation.Count.Should().Be(3000);
        int[] predicted = network.Predict(data.Inputs);
        evaluation.Accuracy.Should().Be(predicted.Zip(data.Labels.ToArray()).Count(p => p.First == p.Second) / 3000.0);
    }

    [Fact]
    public void Evaluate_DatasetWithOtherScaling_IsRescaledToTheNetworks()
    {
        Dataset raw = SyntheticData.Blobs(20, seed: 3);
        var scaled = new Dataset(raw.Inputs.Multiply(0.5f), raw.Labels.ToArray(), 3, InputScaling.Affine("affine", [0.5f], [0f]));
        Network network = Network.Create([4, 3], seed: 2);
        network.InputScaling = InputScaling.None;

        network.Evaluate(scaled).Loss.Should().BeApproximately(network.Evaluate(raw).Loss, 1e-6);
    }

    [Fact]
    public void Evaluate_UnlabelledOrWrongSize_Throws()
    {
        Network network = Network.Create([4, 3], seed: 2);

        Action unlabelled = () => network.Evaluate(new Dataset(Matrix<float>.Build.Dense(4, 2), null));
        Action wrongSize = () => network.Evaluate(SyntheticData.Blobs(3, seed: 1, features: 5));

        unlabelled.Should().Throw<ArgumentException>().WithMessage("*no labels*");
        wrongSize.Should().Throw<ArgumentException>().WithMessage("*5 features*takes 4*");
    }
}
