using System.Security.Cryptography;
using NeuralNet.Data;
using NeuralNet.Tests.TestData;

namespace NeuralNet.Tests.Data;

public sealed class RealMnistTests
{
    [Fact]
    public async Task Load_RealMnist_HasTheKnownCountsLabelsAndChecksum()
    {
        string directory = await RealMnist.DirectoryAsync();
        MnistFiles files = Mnist.Locate(directory);

        (Dataset train, Dataset test) = Mnist.Load(directory);

        train.Count.Should().Be(60_000);
        test.Count.Should().Be(10_000);
        train.FeatureCount.Should().Be(784);
        test.FeatureCount.Should().Be(784);
        train.ClassCount.Should().Be(10);
        train.Labels.ToArray().Distinct().Order().Should().Equal(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        test.Labels.ToArray().Distinct().Order().Should().Equal(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        (train.Labels[0], test.Labels[0]).Should().Be((5, 7), "MNIST's first training digit is a 5 and its first test digit a 7");
        float[] pixels = train.Inputs.AsColumnMajorArray();
        (System.Numerics.Tensors.TensorPrimitives.Min(pixels), System.Numerics.Tensors.TensorPrimitives.Max(pixels)).Should().Be((0f, 1f));

        await using Stream raw = DatasetFile.Open(files.TrainImages, "an IDX file", out _, out _);
        Convert.ToHexStringLower(await SHA256.HashDataAsync(raw)).Should().Be("ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db");
    }
}
