using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary>The finite ways a run diverges: an exploding loss and a dead layer, and that ordinary runs never trip them.</summary>
public sealed class DivergenceTests
{
    [Fact]
    public void Fit_LossExplodesWithoutNaN_ThrowsNamingTheExplosion()
    {
        // A large step on separable data pushes the logits far the wrong way: the guarded loss stays finite but leaps.
        Dataset data = SyntheticData.Blobs(64, seed: 1);
        Network network = Network.Create([4, 32, 3], seed: 2);
        var trainer = new Trainer(network, new CrossEntropyLoss(), new Sgd(40f), new TrainerOptions { Epochs = 5, BatchSize = 64 });

        Action fit = () => trainer.Fit(data);

        fit.Should().Throw<TrainingDivergedException>().WithMessage("*the loss exploded: the recent loss * is more than 4 times the * the run started at*");
        SyntheticData.Weights(network).SelectMany(w => w).Should().OnlyContain(v => float.IsFinite(v));
    }

    [Fact]
    public void Fit_HiddenLayerOutputsOnlyZeros_ThrowsNamingTheDeadLayer()
    {
        Dataset data = SyntheticData.Blobs(100, seed: 2); // 300 samples
        Network network = Network.Create([4, 8, 3], seed: 1);
        var hidden = (DenseLayer)network.Layers[0];
        hidden.Biases.ValueSpan.Fill(-100f); // every ReLU below zero for these inputs: nothing flows back

        Action fit = () => new Trainer(network, new CrossEntropyLoss(), new Sgd(0.1f), new TrainerOptions { Epochs = 3, BatchSize = 32 }).Fit(data);

        fit.Should().Throw<TrainingDivergedException>()
            .WithMessage("Training diverged at epoch 1, batch 10*every unit of layer 0 (DenseLayer(4->8, ReLU)) has output 0 for each of the last 300 samples, a whole epoch*")
            .Which.Batch.Should().Be(10, "the tenth batch (of 9 × 32 + 12) completes a whole epoch of silent samples");
    }

    [Fact]
    public void Fit_ConvolutionOutputsOnlyZeros_ThrowsNamingTheDeadLayer()
    {
        Dataset data = Serialization.TestCnns.Images(90, seed: 4);
        Network network = Serialization.TestCnns.EveryLayer(seed: 3, dropout: 0f);
        var conv = (Conv2D)network.Layers[0];
        conv.Biases.ValueSpan.Fill(-100f); // every ReLU of every position below zero: nothing flows back to the filters

        Action fit = () => new Trainer(network, new CrossEntropyLoss(), new Sgd(0.1f), new TrainerOptions { Epochs = 3, BatchSize = 32 }).Fit(data);

        fit.Should().Throw<TrainingDivergedException>()
            .WithMessage("Training diverged at epoch 1, batch 3*every unit of layer 0 (Conv2D(2->4, 3×3, pad 1, ReLU)) has output 0 for each of the last 90 samples, a whole epoch*");
    }

    [Fact]
    public void Fit_ExplosionCheckOff_LetsTheRunFinish()
    {
        Dataset data = SyntheticData.Blobs(64, seed: 1);
        Network network = Network.Create([4, 32, 3], seed: 2);
        var trainer = new Trainer(network, new CrossEntropyLoss(), new Sgd(40f), new TrainerOptions { Epochs = 2, BatchSize = 64, LossExplosionFactor = null });

        TrainingHistory history = trainer.Fit(data);

        history.StopReason.Should().Be(StopReason.Completed, "only NaN, infinities and dead layers count then, and this run has none");
    }

    [Fact]
    public void Fit_ContinuingFromATrainedNetwork_IsNotMistakenForAnExplosion()
    {
        // The starting loss of a trained network is tiny, so a later rise of many times it is ordinary noise.
        Dataset data = SyntheticData.Spirals(200, seed: 3);
        Network network = Network.Create([2, 32, 32, 2], seed: 1);
        new Trainer(network, new CrossEntropyLoss(), new Adam(0.01f), new TrainerOptions { Epochs = 200, BatchSize = 32 }).Fit(data);
        var again = new Trainer(network, new CrossEntropyLoss(), new Adam(0.05f), new TrainerOptions { Epochs = 20, BatchSize = 8, Seed = 9 });

        Action fit = () => again.Fit(data);

        fit.Should().NotThrow();
    }

    [Fact]
    public void Options_ExplosionFactorOfOneOrLess_IsRejected()
    {
        Action create = () => new TrainerOptions { LossExplosionFactor = 1 }.Validate();

        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*LossExplosionFactor is 1*above 1*");
    }
}
