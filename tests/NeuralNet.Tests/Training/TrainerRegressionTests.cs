using NeuralNet.Activations;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Randomness;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary>Real-valued targets: training reaches a known function, evaluation reports MAE, RMSE and R², and mismatched losses are refused.</summary>
public sealed class TrainerRegressionTests
{
    [Fact]
    public void Fit_NoisyPlane_ReachesAnRSquaredNearOne()
    {
        Dataset data = Plane(400, seed: 1);
        Network network = Network.Create([2, 16, 1], outputActivation: new Identity(), seed: 2);
        var trainer = new Trainer(network, new MeanSquaredErrorLoss(), new Adam(0.01f), new TrainerOptions { Epochs = 60, BatchSize = 16 });

        TrainingHistory history = trainer.Fit(data);
        Evaluation evaluation = network.Evaluate(data, new MeanSquaredErrorLoss());

        evaluation.Regression!.RSquared.Should().BeGreaterThan(0.98);
        evaluation.Regression.RootMeanSquaredError.Should().BeLessThan(0.3, "the noise is 0.05 and the targets span about ±6");
        evaluation.Confusion.Should().BeNull();
        double.IsNaN(evaluation.Accuracy).Should().BeTrue();
        double.IsNaN(history.Epochs[^1].TrainAccuracy).Should().BeTrue("a regression has no accuracy");
    }

    [Fact]
    public void Evaluate_KnownOutputs_GivesTheFiguresByHand()
    {
        // A 1-1 identity layer with weight 1 and bias 0 predicts its input: outputs 1, 2, 3, 4 against targets 1, 2, 2, 6.
        var layer = new DenseLayer(1, 1, new Identity());
        layer.Weights.ValueSpan[0] = 1f;
        layer.Biases.ValueSpan[0] = 0f;
        var network = new Network(layer);
        Dataset data = Dataset.FromRows([[1f], [2f], [3f], [4f]], [1f, 2f, 2f, 6f]);

        RegressionMetrics metrics = network.Evaluate(data, new MeanSquaredErrorLoss()).Regression!;

        // Errors 0, 0, 1, −2: MAE 3/4, RMSE √(5/4); the targets' mean is 2.75, their sum of squares about it 3.0625 + 0.5625 + 0.5625 + 10.5625 = 14.75.
        metrics.MeanAbsoluteError.Should().BeApproximately(0.75, 1e-9);
        metrics.RootMeanSquaredError.Should().BeApproximately(Math.Sqrt(1.25), 1e-9);
        metrics.RSquared.Should().BeApproximately(1 - (5 / 14.75), 1e-9);
        metrics.Count.Should().Be(4);
    }

    [Fact]
    public void Fit_RegressionTargetsWithCrossEntropy_IsRefused()
    {
        Dataset data = Plane(20, seed: 1);
        var trainer = new Trainer(Network.Create([2, 4, 1], outputActivation: new Identity()), new CrossEntropyLoss(), new Sgd(0.1f));

        Action fit = () => trainer.Fit(data);

        fit.Should().Throw<ArgumentException>().WithMessage("*regression targets*CrossEntropy*MeanSquaredErrorLoss*");
    }

    [Fact]
    public void Fit_ClassLabelsWithSquaredErrorThroughALinearOutput_IsRefused()
    {
        Dataset data = SyntheticData.Blobs(10, seed: 1);
        var trainer = new Trainer(Network.Create([4, 8, 3], outputActivation: new Identity()), new MeanSquaredErrorLoss(), new Sgd(0.1f));

        Action fit = () => trainer.Fit(data);

        fit.Should().Throw<ArgumentException>().WithMessage("*MeanSquaredErrorLoss with an Identity output on class labels*CsvOptions.Task*CrossEntropyLoss*");
    }

    [Fact]
    public void Fit_TargetCountOtherThanTheOutputs_NamesBoth()
    {
        Dataset data = Plane(20, seed: 1);
        var trainer = new Trainer(Network.Create([2, 4, 3], outputActivation: new Identity()), new MeanSquaredErrorLoss(), new Sgd(0.1f));

        Action fit = () => trainer.Fit(data);

        fit.Should().Throw<ArgumentException>().WithMessage("*1 regression target per sample*3 outputs*");
    }

    [Fact]
    public void Fit_TrainingSetWithClassNames_GivesThemToTheNetwork()
    {
        Dataset blobs = SyntheticData.Blobs(10, seed: 1);
        Dataset named = blobs.WithClassNames(["red", "green", "blue"]);
        Network network = Network.Create([4, 8, 3], seed: 1);

        new Trainer(network, new CrossEntropyLoss(), new Sgd(0.1f), new TrainerOptions { Epochs = 1 }).Fit(named);

        network.ClassNames.Should().Equal("red", "green", "blue");
    }

    /// <summary>y = 2·x0 − 3·x1 + 1 plus a little noise, for x uniform in [−1, 1]².</summary>
    private static Dataset Plane(int count, int seed)
    {
        var random = new SeededRandom(seed);
        float[][] rows = new float[count][];
        float[] targets = new float[count];
        for (int j = 0; j < count; j++)
        {
            float x0 = (float)((random.NextDouble() * 2) - 1), x1 = (float)((random.NextDouble() * 2) - 1);
            rows[j] = [x0, x1];
            targets[j] = (2 * x0) - (3 * x1) + 1 + (float)(0.05 * random.NextGaussian());
        }

        return Dataset.FromRows(rows, targets);
    }
}
