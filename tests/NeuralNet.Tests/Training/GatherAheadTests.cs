using NeuralNet.Activations;
using NeuralNet.Data;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Preprocessing;
using NeuralNet.Tests.Compute;
using NeuralNet.Tests.Data;
using NeuralNet.Tests.TestData;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary>Gathering the next batch on the product helpers while one is trained on changes no bit of training.</summary>
/// <remarks>In the backend's collection: the switch is global, and no other test may train while it is off.</remarks>
[Collection(nameof(GlobalBackend))]
public sealed class GatherAheadTests : IDisposable
{
    private const int Features = 784;
    private const int Samples = 600; // 9 full batches of 64 and one of 24

    private readonly TempDirectory _folder = new();

    public void Dispose()
    {
        BatchSource.GathersAhead = true;
        _folder.Dispose();
    }

    [Theory]
    [InlineData("bytes")]
    [InlineData("floats")]
    public void Fit_GatheringAhead_TrainsTheWeightsOfGatheringInTurnBitForBit(string source)
    {
        Dataset data = Pictures(source);

        Network ahead = Classifier(data, gathersAhead: true, (trainer, set) => trainer.Fit(set));
        Network inTurn = Classifier(data, gathersAhead: false, (trainer, set) => trainer.Fit(set));

        SameBits(ahead, inTurn);
    }

    [Fact]
    public void Fit_StoppedMidEpochAndContinued_TrainsTheWeightsOfTheSameRunGatheredInTurn()
    {
        // The run stops after 13 iterations (4 into the second epoch) with the fifth batch gathered ahead, and goes on.
        Dataset data = Pictures("bytes");
        static void StopAndGoOn(Trainer trainer, Dataset set)
        {
            trainer.ContinueWith(trainer.Options with { Iterations = 13 });
            trainer.Fit(set);
            trainer.ContinueWith(trainer.Options with { Iterations = null });
            trainer.Fit(set);
        }

        SameBits(Classifier(data, gathersAhead: true, StopAndGoOn), Classifier(data, gathersAhead: false, StopAndGoOn));
    }

    [Fact]
    public void Fit_RegressionGatheringAhead_TrainsTheWeightsOfGatheringInTurnBitForBit()
    {
        var random = new Random(3);
        Matrix<float> inputs = Matrix<float>.Build.Dense(300, 500, (_, _) => (float)random.NextDouble());
        Matrix<float> targets = Matrix<float>.Build.Dense(2, 500, (i, j) => inputs[i, j] - inputs[i + 7, j]);
        Dataset data = Dataset.ForRegression(inputs, targets);

        Network Train(bool gathersAhead)
        {
            BatchSource.GathersAhead = gathersAhead;
            Network network = Network.Create([300, 64, 2], outputActivation: new Identity(), seed: 4);
            new Trainer(network, new MeanSquaredErrorLoss(), new Sgd(0.05f), new TrainerOptions { Epochs = 2, BatchSize = 48, Seed = 5 }).Fit(data);
            return network;
        }

        SameBits(Train(gathersAhead: true), Train(gathersAhead: false));
    }

    private static Network Classifier(Dataset data, bool gathersAhead, Action<Trainer, Dataset> train)
    {
        BatchSource.GathersAhead = gathersAhead;
        Network network = Network.Create([Features, 64, 10], seed: 11);
        var trainer = new Trainer(network, new CrossEntropyLoss(), new Sgd(0.1f), new TrainerOptions { Epochs = 2, BatchSize = 64, Seed = 3 });
        train(trainer, data);
        return network;
    }

    private static void SameBits(Network actual, Network expected)
    {
        for (int i = 0; i < actual.Parameters.Count; i++)
        {
            actual.Parameters[i].ValueSpan.ToArray().Select(BitConverter.SingleToInt32Bits)
                .Should().Equal(expected.Parameters[i].ValueSpan.ToArray().Select(BitConverter.SingleToInt32Bits), actual.Parameters[i].ToString());
        }
    }

    // MNIST-like pictures (four fifths zeros) from an IDX file: gathered from its bytes, or from floats once its matrix was handed out.
    private Dataset Pictures(string source)
    {
        var random = new Random(5);
        byte[] pixels = new byte[Features * Samples];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = random.Next(5) == 0 ? (byte)random.Next(256) : (byte)0;
        }

        string images = _folder.Write("images.idx", IdxBytes.Bytes([Samples, 28, 28], pixels));
        string labels = _folder.Write("labels.idx", IdxBytes.Build(0x08, [Samples], Enumerable.Range(0, Samples).Select(j => (byte)(j * 7 % 10)).ToArray()));
        Dataset data = DatasetLoader.LoadIdx(images, labels, InputScaling.UnitRange);
        if (source == "floats")
        {
            _ = data.Inputs;
        }

        data.GathersBytes.Should().Be(source == "bytes");
        return data;
    }
}
