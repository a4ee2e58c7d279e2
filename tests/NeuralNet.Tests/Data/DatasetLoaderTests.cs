using NeuralNet.Data;
using NeuralNet.Preprocessing;
using NeuralNet.Tests.TestData;

namespace NeuralNet.Tests.Data;

public sealed class DatasetLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void LoadIdx_ImagesAndLabels_PairsThemWithUnitRangeByDefault()
    {
        string images = _dir.Write("images", FakeMnist.TrainImages);
        string labels = _dir.Write("labels", FakeMnist.TrainLabels);

        Dataset data = DatasetLoader.LoadIdx(images, labels, classCount: 10);

        data.ToString().Should().Be("Dataset(3 samples, 4 features, 10 classes)");
        data.Labels.ToArray().Should().Equal(7, 0, 9);
        data.Scaling.Should().Be(InputScaling.UnitRange);
        data.Inputs.Column(0).ToArray().Should().Equal(0f, 1f, 10f * (1f / 255f), 20f * (1f / 255f));
    }

    [Fact]
    public void LoadIdx_CountsDiffer_ThrowsNamingBothFilesBeforeReadingData()
    {
        string images = _dir.Write("images", FakeMnist.TrainImages);
        string labels = _dir.Write("labels", FakeMnist.TestLabels);

        Action act = () => DatasetLoader.LoadIdx(images, labels);

        act.Should().Throw<InvalidDatasetFileException>()
            .WithMessage($"{labels}: at byte offset 4: the file holds 2 labels but the images file {images} holds 3 images; expected one label per image.");
    }

    [Fact]
    public void LoadIdx_LabelOutsideClassCount_ThrowsWithRecord()
    {
        string images = _dir.Write("images", FakeMnist.TrainImages);
        string labels = _dir.Write("labels", FakeMnist.TrainLabels);

        Action act = () => DatasetLoader.LoadIdx(images, labels, classCount: 8);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage($"{labels}: at byte offset 10, record 2: label 9 is outside the class range; expected one of the 8 classes [0, 7].");
    }

    [Fact]
    public void LoadIdx_FilesSwapped_AsksWhichIsWhich()
    {
        string images = _dir.Write("images", FakeMnist.TrainImages);
        string labels = _dir.Write("labels", FakeMnist.TrainLabels);

        Action act = () => DatasetLoader.LoadIdx(labels, images);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*is this an images file?");
    }

    [Fact]
    public void LoadIdxImages_WithoutLabels_ReadsUnlabelledSamples()
    {
        string images = _dir.Write("images.gz", IdxBytes.Gzip(FakeMnist.TestImages));

        Dataset data = DatasetLoader.LoadIdxImages(images, InputScaling.None);

        data.HasLabels.Should().BeFalse();
        data.Inputs.AsColumnMajorArray().Should().Equal(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f);
    }

    [Fact]
    public void LoadIdx_ValidFiles_AreLeftUntouched()
    {
        string images = _dir.Write("images", FakeMnist.TrainImages);
        string labels = _dir.Write("labels", FakeMnist.TrainLabels);
        string before = TempDirectory.Fingerprint(images) + TempDirectory.Fingerprint(labels);

        _ = DatasetLoader.LoadIdx(images, labels);

        (TempDirectory.Fingerprint(images) + TempDirectory.Fingerprint(labels)).Should().Be(before);
        Directory.GetFiles(_dir.Path).Should().HaveCount(2);
    }
}
