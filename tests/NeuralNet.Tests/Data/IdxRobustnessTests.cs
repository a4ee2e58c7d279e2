using System.Buffers.Binary;
using NeuralNet.Data;
using NeuralNet.Tests.TestData;

namespace NeuralNet.Tests.Data;

/// <summary>The IDX reader against files that lie: gzip claims, trailers, joined members, devices.</summary>
public sealed class IdxRobustnessTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReadSamples_GzipWhoseTrailerVouchesForAFalseClaim_IsMeasuredBeforeAllocating()
    {
        // The header claims 60000 x 28 x 28 (47 MB, a 188 MB matrix) and the trailer is forged to agree; only 2 MB exist.
        byte[] gzip = IdxBytes.Gzip(IdxBytes.Bytes([60000, 28, 28], new byte[2 << 20]));
        BinaryPrimitives.WriteUInt32LittleEndian(gzip.AsSpan(gzip.Length - 4), 16 + (60000u * 784));
        string path = _dir.Write("images.gz", gzip);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Action act = () => IdxReader.ReadSamples(path);

        act.Should().Throw<InvalidDatasetFileException>();
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(8 << 20, "the claim exceeds 16 times the compressed size, so the content is measured first");
    }

    [Fact]
    public void ReadSamples_HighlyCompressibleButHonestGzip_IsRead()
    {
        byte[] pixels = new byte[200 * 784];
        pixels[^1] = 255;
        string path = _dir.Write("zeros.gz", IdxBytes.Gzip(IdxBytes.Bytes([200, 28, 28], pixels)));

        IdxReader.ReadSamples(path).ColumnCount.Should().Be(200);
    }

    [Fact]
    public void ReadLabels_ConcatenatedGzipMembers_AreRefused()
    {
        byte[] content = IdxBytes.Bytes([6], [1, 2, 3, 4, 5, 6]);
        string path = _dir.Write("labels.gz", [.. IdxBytes.Gzip(content.AsSpan(0, 8)), .. IdxBytes.Gzip(content.AsSpan(8))]);

        Action act = () => IdxReader.ReadLabels(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*joins several gzip members*");
    }

    [Fact]
    public void ReadLabels_GarbageAfterTheGzipStream_IsRefused()
    {
        string path = _dir.Write("labels.gz", [.. IdxBytes.Gzip(IdxBytes.Bytes([3], [1, 2, 3])), 0, 0, 0, 0, 0]);

        Action act = () => IdxReader.ReadLabels(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*has bytes after its gzip stream*");
    }

    [Fact]
    public void ReadLabels_LabelAboveTheClassLimit_IsRefusedNamingTheRecord()
    {
        string path = _dir.File("labels");
        IdxWriter.Write(path, [3], new[] { 1, 2_000_000_000, 0 });

        Action act = () => IdxReader.ReadLabels(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*record 1: label 2000000000 is outside the class range; expected a class index below 65536*");
    }

    [Fact]
    public void LoadIdx_MnistFolderWithALabelAboveNine_IsRefusedNamingFileAndRecord()
    {
        string dir = _dir.File("mnist");
        Directory.CreateDirectory(dir);
        IdxWriter.Write(Path.Combine(dir, Mnist.TrainImagesFileName), [2, 28, 28], new byte[2 * 784]);
        IdxWriter.Write(Path.Combine(dir, Mnist.TrainLabelsFileName), [2], new byte[] { 3, 12 });
        IdxWriter.Write(Path.Combine(dir, Mnist.TestImagesFileName), [1, 28, 28], new byte[784]);
        IdxWriter.Write(Path.Combine(dir, Mnist.TestLabelsFileName), [1], new byte[] { 1 });

        Action act = () => Mnist.Load(dir);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage($"*{Mnist.TrainLabelsFileName}*record 1: label 12*10 classes*");
    }

    [Fact]
    public async Task LoadAsync_MissingFolder_IsNotCreatedWithoutTheDownloadFlag()
    {
        string missing = _dir.File("mistyped");

        Func<Task> act = () => Mnist.LoadAsync(missing);

        await act.Should().ThrowAsync<FileNotFoundException>().WithMessage("*no such folder*download: true*");
        Directory.Exists(missing).Should().BeFalse();
    }

    [Fact]
    public void ReadSamples_Device_IsRefusedAtOnce()
    {
        if (!File.Exists("/dev/zero"))
        {
            return;
        }

        Action act = () => IdxReader.ReadSamples("/dev/zero");

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("/dev/zero: *");
    }

    [Fact]
    public void ReadSamples_Stream_ReadsMemory()
    {
        using var memory = new MemoryStream(IdxBytes.Bytes([2, 2], [0, 1, 2, 3]));

        IdxReader.ReadSamples(memory).AsColumnMajorArray().Should().Equal(0f, 1f, 2f, 3f);
    }
}
