using NeuralNet.Data;
using NeuralNet.Tests.TestData;

namespace NeuralNet.Tests.Data;

/// <summary>Loading allocates the matrix once and little else: no whole-file buffers, no growing arrays (an IDX file of bytes also keeps its bytes, a quarter more, for a trainer's batches).</summary>
public sealed class LoadingMemoryTests : IDisposable
{
    private const int Samples = 3000;
    private const int Features = 784;
    private const long MatrixBytes = (long)Samples * Features * sizeof(float);
    private readonly TempDirectory _dir = new();
    private readonly byte[] _pixels = Enumerable.Range(0, Samples * Features).Select(i => (byte)(i % 7 == 0 ? i % 256 : 0)).ToArray();
    private readonly int[] _labels = Enumerable.Range(0, Samples).Select(i => i % 10).ToArray();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LoadIdx_ThousandsOfImages_AllocatesLittleMoreThanTheMatrix(bool gzip)
    {
        string images = _dir.File("images");
        string labels = _dir.File("labels");
        IdxWriter.Write(images, [Samples, 28, 28], _pixels, gzip);
        IdxWriter.Write(labels, [Samples], _labels.Select(l => (byte)l).ToArray(), gzip);
        _ = DatasetLoader.LoadIdx(images, labels);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Dataset data = DatasetLoader.LoadIdx(images, labels);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        data.Count.Should().Be(Samples);
        data.GathersBytes.Should().BeTrue();
        long kept = MatrixBytes + (Samples * Features);
        allocated.Should().BeLessThan((long)(kept * 1.05) + (1 << 20), $"the matrix is {MatrixBytes} bytes and the pixels {Samples * Features}");
    }

    [Fact]
    public void LoadCsv_ThousandsOfRows_AllocatesLittleMoreThanTheMatrix()
    {
        string path = _dir.File("train.csv");
        CsvWriter.WritePixels(path, _pixels, Features, _labels);
        CsvLayoutScanner.ForcedParts = 1;
        try
        {
            _ = DatasetLoader.LoadCsv(path);

            long before = GC.GetAllocatedBytesForCurrentThread();
            Dataset data = DatasetLoader.LoadCsv(path);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            data.Count.Should().Be(Samples);
            data.GathersBytes.Should().BeTrue("integer pixels keep their bytes, as an IDX file's do");
            new FileInfo(path).Length.Should().BeGreaterThan(MatrixBytes / 4, "a reader that buffered the file would show");
            long kept = MatrixBytes + (Samples * Features);
            allocated.Should().BeLessThan((long)(kept * 1.05) + (1 << 20), $"the matrix is {MatrixBytes} bytes and the pixels {Samples * Features}");
        }
        finally
        {
            CsvLayoutScanner.ForcedParts = null;
        }
    }
}
