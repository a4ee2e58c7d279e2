using NeuralNet.Data;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

public sealed class TrainerValidationTests
{
    private static Trainer TrainerFor(Network network, TrainerOptions? options = null) =>
        new(network, new CrossEntropyLoss(), new Sgd(0.1f), options);

    [Theory]
    [InlineData("BatchSize", "*TrainerOptions.BatchSize is 0*")]
    [InlineData("Epochs", "*TrainerOptions.Epochs is 0*")]
    [InlineData("Iterations", "*TrainerOptions.Iterations is 0*")]
    [InlineData("WeightDecay", "*TrainerOptions.WeightDecay is -1*")]
    [InlineData("GradientClipNorm", "*TrainerOptions.GradientClipNorm is 0*")]
    [InlineData("CheckpointEvery", "*TrainerOptions.CheckpointEvery is -1*")]
    public void Constructor_OptionOutOfRange_ThrowsNamingTheOptionAndValue(string option, string message)
    {
        TrainerOptions options = option switch
        {
            "BatchSize" => new() { BatchSize = 0 },
            "Epochs" => new() { Epochs = 0 },
            "Iterations" => new() { Iterations = 0 },
            "WeightDecay" => new() { WeightDecay = -1 },
            "GradientClipNorm" => new() { GradientClipNorm = 0 },
            _ => new() { CheckpointEvery = -1 },
        };

        Action create = () => TrainerFor(Network.Create([4, 3]), options);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage(message).Which.ParamName.Should().Be(option);
    }

    [Fact]
    public void Constructor_CheckpointsWithoutPath_Throws()
    {
        Action create = () => TrainerFor(Network.Create([4, 3]), new TrainerOptions { CheckpointEvery = 2 });

        create.Should().Throw<ArgumentException>().WithMessage("*CheckpointEvery is 2*CheckpointPath*");
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(0f)]
    [InlineData(float.NaN)]
    public void Optimizer_NonPositiveLearningRate_IsRejected(float rate)
    {
        Action create = () => _ = new Sgd(rate);

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*learning rate*positive*");
    }

    [Fact]
    public void Fit_TrainingSetWithOtherFeatureCount_ThrowsNamingBothSizes()
    {
        Dataset data = SyntheticData.Blobs(5, seed: 1, features: 5);
        Trainer trainer = TrainerFor(Network.Create([4, 3]));

        Action fit = () => trainer.Fit(data);

        fit.Should().Throw<ArgumentException>().WithMessage("The training set has 5 features per sample but Network(4-3) takes 4*").Which.ParamName.Should().Be("train");
    }

    [Fact]
    public void Fit_ValidationSetWithOtherFeatureCount_ThrowsBeforeAnyWork()
    {
        Dataset train = SyntheticData.Blobs(5, seed: 1);
        Dataset validation = SyntheticData.Blobs(5, seed: 1, features: 6);
        Network network = Network.Create([4, 3]);
        Trainer trainer = TrainerFor(network);
        float before = network.Parameters[0].ValueSpan[0];

        Action fit = () => trainer.Fit(train, validation);

        fit.Should().Throw<ArgumentException>().WithMessage("The validation set has 6 features*takes 4*").Which.ParamName.Should().Be("validation");
        network.Parameters[0].ValueSpan[0].Should().Be(before);
    }

    [Fact]
    public void Fit_LabelsBeyondTheOutputLayer_ThrowsNamingTheLabelAndOutputs()
    {
        Dataset data = SyntheticData.Blobs(5, seed: 1, classes: 4);
        Trainer trainer = TrainerFor(Network.Create([4, 3]));

        Action fit = () => trainer.Fit(data);

        fit.Should().Throw<ArgumentException>().WithMessage("The training set has label 3 but Network(4-3) has only 3 outputs*");
    }

    [Fact]
    public void Fit_UnlabelledData_Throws()
    {
        var data = new Dataset(Matrix<float>.Build.Dense(4, 3), labels: null);

        Action fit = () => TrainerFor(Network.Create([4, 3])).Fit(data);

        fit.Should().Throw<ArgumentException>().WithMessage("*no labels*");
    }

    [Fact]
    public void Fit_FewerClassesThanOutputs_Trains()
    {
        Dataset data = SyntheticData.Blobs(10, seed: 1, classes: 2);

        Action fit = () => TrainerFor(Network.Create([4, 5]), new TrainerOptions { Epochs = 1 }).Fit(data);

        fit.Should().NotThrow();
    }
}
