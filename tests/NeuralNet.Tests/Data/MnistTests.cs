using NeuralNet.Data;
using NeuralNet.Tests.TestData;

namespace NeuralNet.Tests.Data;

public sealed class MnistTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Load_RawOrGzippedFiles_ReturnsTrainAndTestSets(bool gzip)
    {
        FakeMnist.WriteTo(_dir.Path, gzip);

        (Dataset train, Dataset test) = Mnist.Load(_dir.Path);

        train.Count.Should().Be(3);
        test.Count.Should().Be(2);
        train.ClassCount.Should().Be(10);
        test.ClassCount.Should().Be(10);
        test.Inputs[3, 1].Should().Be(8f * (1f / 255f));
    }

    [Fact]
    public void Locate_DottedSpelling_IsFound()
    {
        File.WriteAllBytes(_dir.File("train-images.idx3-ubyte"), FakeMnist.TrainImages);
        File.WriteAllBytes(_dir.File("train-labels.idx1-ubyte"), FakeMnist.TrainLabels);
        File.WriteAllBytes(_dir.File("t10k-images.idx3-ubyte.gz"), IdxBytes.Gzip(FakeMnist.TestImages));
        File.WriteAllBytes(_dir.File("t10k-labels-idx1-ubyte"), FakeMnist.TestLabels);

        MnistFiles files = Mnist.Locate(_dir.Path);

        files.TrainImages.Should().Be(_dir.File("train-images.idx3-ubyte"));
        files.TestImages.Should().Be(_dir.File("t10k-images.idx3-ubyte.gz"));
    }

    [Fact]
    public void Locate_MissingFile_ThrowsNamingItAndTheFix()
    {
        FakeMnist.WriteTo(_dir.Path);
        File.Delete(_dir.File(Mnist.TestLabelsFileName));

        Action act = () => Mnist.Locate(_dir.Path);

        act.Should().Throw<FileNotFoundException>().WithMessage($"{_dir.Path} lacks MNIST's t10k-labels-idx1-ubyte*MnistDownloader*by hand.");
        Mnist.TryLocate(_dir.Path).Should().BeNull();
    }

    [Fact]
    public void Load_Standardize_UsesTrainingStatisticsForBothSets()
    {
        FakeMnist.WriteTo(_dir.Path);

        (Dataset train, Dataset test) = Mnist.Load(_dir.Path, standardize: true);

        float[] values = train.Inputs.AsColumnMajorArray();
        values.Average().Should().BeApproximately(0f, 1e-5f);
        MathF.Sqrt(values.Select(v => v * v).Average()).Should().BeApproximately(1f, 1e-5f);
        test.Scaling.Should().Be(train.Scaling);
        test.Scaling.Kind.Should().Be("standardize");

        // The test set is the raw pixels under the training set's map, not standardized on its own.
        float[] expected = new float[8];
        train.Scaling.Apply(FakeMnist.TestImages[^8..].Select(p => (float)p).ToArray(), expected);
        test.Inputs.AsColumnMajorArray().Should().Equal(expected);
    }
}
