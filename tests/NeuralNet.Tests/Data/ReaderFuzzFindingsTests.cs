using System.Text;
using NeuralNet.Data;

namespace NeuralNet.Tests.Data;

/// <summary>Inputs the fuzz harness (tests/NeuralNet.Fuzz) found to break the dataset readers, each fixed at its root and kept here.</summary>
public sealed class ReaderFuzzFindingsTests
{
    // Gzip's magic and the start of a header, shorter than gzip's 18-byte minimum: the reader seeked back by the whole
    // length after reading only the magic, before the stream's start (an IOException from MemoryStream.Seek).
    private static readonly byte[] ShortGzip = [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00];

    public static TheoryData<string> Readers => ["header", "samples", "labels", "csv"];

    [Theory]
    [MemberData(nameof(Readers))]
    public void Read_GzipMagicShorterThanAGzipTrailer_ThrowsInvalidDatasetFile(string reader)
    {
        // A prefix the reader must not seek into: the content starts at the stream's position.
        using var stream = new MemoryStream([0xAA, 0xBB, .. ShortGzip]) { Position = 2 };

        Action read = reader switch
        {
            "header" => () => IdxReader.ReadHeader(stream),
            "samples" => () => IdxReader.ReadSamples(stream),
            "labels" => () => IdxReader.ReadLabels(stream),
            _ => () => CsvReader.Read(stream),
        };

        read.Should().Throw<InvalidDatasetFileException>();
    }

    [Fact]
    public void CsvRead_ClassNamesAndAnotherClassCount_ThrowsNamingTheCounts()
    {
        // Before the fix: an ArgumentException from the Dataset constructor ("2 class names were given for 10 classes").
        byte[] table = Encoding.UTF8.GetBytes("height,weight,species\n1.5,60,cat\n2.25,75,dog\n");

        Action read = () => CsvReader.Read(new MemoryStream(table), new CsvOptions { LabelColumn = "species", ClassCount = 10 });

        read.Should().Throw<InvalidDatasetFileException>().WithMessage("*species*2 class names*'cat', 'dog'*ClassCount is 10*ClassNames*");
    }

    [Fact]
    public void CsvRead_FractionalLabelsAsClassesWithAnotherClassCount_ThrowsNamingTheCounts()
    {
        // The fuzzer's case: a regression seed read with Task = Classification and 10 classes makes its two targets class names.
        byte[] table = Encoding.UTF8.GetBytes("x1,target,x2\r\n0.5,1.75,3\r\n-2,0.125,4e2\r\n");

        Action read = () => CsvReader.Read(new MemoryStream(table), new CsvOptions { HasLabels = true, ClassCount = 10, Task = DatasetTask.Classification });

        read.Should().Throw<InvalidDatasetFileException>().WithMessage("*target*2 class names*ClassCount is 10*");
    }

    [Fact]
    public void CsvRead_ClassNamesAndTheirCount_Reads()
    {
        byte[] table = Encoding.UTF8.GetBytes("height,weight,species\n1.5,60,cat\n2.25,75,dog\n");

        Dataset data = CsvReader.Read(new MemoryStream(table), new CsvOptions { LabelColumn = "species", ClassCount = 2 });

        data.ClassNames.Should().Equal("cat", "dog");
        data.Labels.ToArray().Should().Equal(0, 1);
    }
}
