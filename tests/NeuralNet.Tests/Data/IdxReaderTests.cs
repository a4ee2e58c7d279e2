using NeuralNet.Data;
using NeuralNet.Preprocessing;
using NeuralNet.Tests.TestData;

namespace NeuralNet.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReadSamples_WrittenImages_RoundTripAsColumnsScaledToUnitRange()
    {
        byte[] pixels = IdxBytes.Ramp(3 * 2 * 2);
        string path = _dir.File("images");
        IdxWriter.Write(path, [3, 2, 2], pixels);

        Matrix<float> samples = IdxReader.ReadSamples(path, InputScaling.UnitRange);

        samples.RowCount.Should().Be(4);
        samples.ColumnCount.Should().Be(3);
        for (int j = 0; j < 3; j++)
        {
            for (int i = 0; i < 4; i++)
            {
                samples[i, j].Should().Be(pixels[(j * 4) + i] * (1f / 255f), "image j is column j, row by row");
            }
        }
    }

    [Fact]
    public void ReadSamples_VectorizedAndTailPixels_EqualInputScalingApplyBitForBit()
    {
        // 300 values cover every byte value, the 32-wide vector loop and the scalar tail; the loaded data must equal
        // what InputScaling.Apply (and so Network.Predict on raw pixels) computes.
        byte[] pixels = Enumerable.Range(0, 300).Select(i => (byte)((i * 7) % 256)).ToArray();
        string path = _dir.File("ramp");
        IdxWriter.Write(path, [3, 100], pixels);
        InputScaling scaling = InputScaling.Affine("affine", [1f / 3f], [-0.1f]);
        float[] expected = new float[300];
        scaling.Apply(pixels.Select(p => (float)p).ToArray(), expected);

        float[] values = IdxReader.ReadSamples(path, scaling).AsColumnMajorArray();

        values.Should().Equal(expected);
    }

    [Fact]
    public void ReadSamples_GzippedFileWithAnyName_DetectedByMagicBytes()
    {
        byte[] pixels = IdxBytes.Ramp(5 * 3);
        string path = _dir.Write("images.idx", IdxBytes.Gzip(IdxBytes.Bytes([5, 3], pixels)));

        IdxReader.ReadHeader(path).IsGzipped.Should().BeTrue();
        IdxReader.ReadSamples(path).AsColumnMajorArray().Should().Equal(pixels.Select(p => (float)p));
    }

    [Fact]
    public void ReadSamples_EveryElementType_RoundTrips()
    {
        int[] dims = [2, 3];
        IdxWriter.Write(_dir.File("sbyte"), dims, new sbyte[] { -128, -1, 0, 1, 2, 127 });
        IdxWriter.Write(_dir.File("short"), dims, new short[] { -32768, -1, 0, 1, 300, 32767 });
        IdxWriter.Write(_dir.File("int"), dims, new[] { int.MinValue, -1, 0, 1, 70000, int.MaxValue });
        IdxWriter.Write(_dir.File("float"), dims, new[] { -1.5f, 0f, 0.25f, 1e-7f, 3.4e38f, 42f }, gzip: true);
        IdxWriter.Write(_dir.File("double"), dims, new[] { -1.5, 0, 0.25, 1e-7, 1e30, 42 });

        IdxReader.ReadSamples(_dir.File("sbyte")).AsColumnMajorArray().Should().Equal(-128f, -1f, 0f, 1f, 2f, 127f);
        IdxReader.ReadSamples(_dir.File("short")).AsColumnMajorArray().Should().Equal(-32768f, -1f, 0f, 1f, 300f, 32767f);
        IdxReader.ReadSamples(_dir.File("int")).AsColumnMajorArray().Should().Equal(int.MinValue, -1f, 0f, 1f, 70000f, int.MaxValue);
        IdxReader.ReadSamples(_dir.File("float")).AsColumnMajorArray().Should().Equal(-1.5f, 0f, 0.25f, 1e-7f, 3.4e38f, 42f);
        IdxReader.ReadSamples(_dir.File("double")).AsColumnMajorArray().Should().Equal(-1.5f, 0f, 0.25f, (float)1e-7, 1e30f, 42f);
        IdxReader.ReadHeader(_dir.File("short")).ToString().Should().Be("IDX int16 2x3");
    }

    [Fact]
    public void ReadSamples_PerFeatureScaling_AppliesEachFeaturesFactor()
    {
        string path = _dir.File("images");
        IdxWriter.Write(path, [2, 2], new byte[] { 10, 20, 30, 40 });

        Matrix<float> samples = IdxReader.ReadSamples(path, InputScaling.Standardize([10f, 20f], [10f, 5f]));

        samples.AsColumnMajorArray().Should().BeEquivalentTo(new[] { 0f, 0f, 2f, 4f }, o => o.WithStrictOrdering().Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-6f)).WhenTypeIs<float>());
    }

    [Fact]
    public void ReadLabels_WrittenLabels_RoundTrip()
    {
        string path = _dir.File("labels");
        IdxWriter.Write(path, [5], new byte[] { 5, 0, 4, 1, 9 }, gzip: true);

        IdxReader.ReadLabels(path, classCount: 10).Should().Equal(5, 0, 4, 1, 9);
    }

    [Fact]
    public void ReadHeader_MnistImagesHeader_DescribesTypeDimensionsAndSizes()
    {
        string path = _dir.Write("images", IdxBytes.Bytes([2, 28, 28], new byte[2 * 784]));

        IdxHeader header = IdxReader.ReadHeader(path);

        header.Magic.Should().Be(0x00000803);
        header.DataType.Should().Be(IdxDataType.UnsignedByte);
        header.Dimensions.Should().Equal(2, 28, 28);
        header.HeaderLength.Should().Be(16);
        header.DataLength.Should().Be(1568);
        header.ToString().Should().Be("IDX unsigned byte 2x28x28");
    }

    [Fact]
    public void Read_WrongMagic_ThrowsWithOffsetZeroAndTheMagicFound()
    {
        string path = _dir.Write("image.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);

        Action act = () => IdxReader.ReadSamples(path);

        act.Should().Throw<InvalidDatasetFileException>()
            .WithMessage($"{path}: at byte offset 0: expected an IDX magic number*0x00000803*found 0x89504E47*")
            .Which.Offset.Should().Be(0);
    }

    [Fact]
    public void Read_TextFile_SuggestsItIsCsv()
    {
        string path = _dir.WriteText("train.csv", "5,0,0,0\n");

        Action act = () => IdxReader.ReadLabels(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*0x352C302C*is this a CSV file?*");
    }

    [Fact]
    public void Read_UnknownTypeCode_ThrowsNamingTheCodeAndTheKnownOnes()
    {
        string path = _dir.Write("odd", IdxBytes.Build(0x07, [1], [0]));

        Action act = () => IdxReader.ReadSamples(path);

        act.Should().Throw<InvalidDatasetFileException>()
            .WithMessage("*at byte offset 2: unknown IDX type code 0x07*expected 0x08 (unsigned byte)*0x0E (float64)*")
            .Which.Offset.Should().Be(2);
    }

    [Fact]
    public void Read_TruncatedData_ThrowsWithNeededAndFoundLengths()
    {
        string path = _dir.Write("images", IdxBytes.Bytes([3, 2, 2], new byte[10]));

        Action act = () => IdxReader.ReadSamples(path);

        act.Should().Throw<InvalidDatasetFileException>()
            .WithMessage($"{path}: at byte offset 26: the file is truncated: 3x2x2 unsigned byte elements need 12 bytes*(28 in all) but the file has 26.")
            .Which.Offset.Should().Be(26);
    }

    [Fact]
    public void Read_TruncatedHeader_ThrowsInsideTheHeader()
    {
        byte[] bytes = IdxBytes.Bytes([3, 2, 2], [])[..9];
        string path = _dir.Write("images", bytes);

        Action act = () => IdxReader.ReadHeader(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*offset 9*ends inside the header: 3 dimensions need 12 bytes*only 5 follow*");
    }

    [Fact]
    public void Read_TruncatedGzip_ThrowsWithTheDecompressedOffset()
    {
        // A complete gzip stream whose content stops 5 bytes short: only decompression can tell.
        string path = _dir.Write("images.gz", IdxBytes.Gzip(IdxBytes.Bytes([4, 5], new byte[15])));

        Action act = () => IdxReader.ReadSamples(path);

        act.Should().Throw<InvalidDatasetFileException>()
            .WithMessage("*offset 27*record 3*truncated*need 20 bytes of data but the decompressed content ends after 15*")
            .Which.Record.Should().Be(3);
    }

    [Fact]
    public void Read_CutGzipStream_ThrowsInsteadOfReturningPartialData()
    {
        byte[] gzip = IdxBytes.Gzip(IdxBytes.Bytes([100, 100], IdxBytes.Ramp(10_000)));
        string path = _dir.Write("images.gz", gzip.AsSpan(0, gzip.Length / 2));

        Action act = () => IdxReader.ReadSamples(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage($"{path}: at byte offset *");
    }

    [Fact]
    public void Read_TrailingBytes_ThrowsWithTheirCountAndOffset()
    {
        string path = _dir.Write("labels", IdxBytes.Bytes([3], [1, 2, 3, 4]));

        Action act = () => IdxReader.ReadLabels(path);

        act.Should().Throw<InvalidDatasetFileException>()
            .WithMessage("*at byte offset 11: 1 trailing bytes: 3 unsigned byte elements and the header make 11 bytes but the file has 12.")
            .Which.Offset.Should().Be(11);
    }

    [Fact]
    public void Read_TrailingBytesInGzip_ThrowsAfterDecompressing()
    {
        string path = _dir.Write("labels.gz", IdxBytes.Gzip(IdxBytes.Bytes([3], [1, 2, 3, 4, 5])));

        Action act = () => IdxReader.ReadLabels(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*offset 11: 2 trailing bytes*decompressed content has 13*");
    }

    [Fact]
    public void Read_DimensionsWhoseProductOverflows_ThrowsBeforeAllocating()
    {
        string path = _dir.Write("huge", IdxBytes.Bytes([0x7FFFFFFF, 0x7FFFFFFF, 0x7FFFFFFF], new byte[16]));

        long before = GC.GetAllocatedBytesForCurrentThread();
        Action act = () => IdxReader.ReadSamples(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*offset 4: the dimensions 2147483647x2147483647x2147483647 overflow*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
    }

    [Fact]
    public void Read_DimensionAboveInt32_ThrowsNamingIt()
    {
        string path = _dir.Write("huge", IdxBytes.Bytes([2, 0xFFFFFFFF], new byte[16]));

        Action act = () => IdxReader.ReadHeader(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*offset 8: dimension 1 is 4294967295, more than the largest supported size 2147483647.");
    }

    [Fact]
    public void Read_DimensionsExceedingTheFile_ThrowsBeforeAllocating()
    {
        string path = _dir.Write("images", IdxBytes.Bytes([60000, 28, 28], new byte[100]));

        long before = GC.GetAllocatedBytesForCurrentThread();
        Action act = () => IdxReader.ReadSamples(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*truncated: 60000x28x28 unsigned byte elements need 47040000 bytes*the file has 116.");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20, "the 188 MB matrix must not be allocated");
    }

    [Fact]
    public void Read_GzipClaimingMoreThanItCanHold_ThrowsBeforeAllocating()
    {
        string path = _dir.Write("images.gz", IdxBytes.Gzip(IdxBytes.Bytes([60000, 28, 28], new byte[100])));

        long before = GC.GetAllocatedBytesForCurrentThread();
        Action act = () => IdxReader.ReadSamples(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*offset 4: the dimensions 60000x28x28 need 47040000 bytes of data but a gzip file of * bytes cannot hold more than*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
    }

    [Fact]
    public void Read_EmptyFile_ThrowsSayingSo()
    {
        string path = _dir.Write("empty", []);

        Action act = () => IdxReader.ReadSamples(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage($"{path}: at byte offset 0: the file is empty (0 bytes); expected an IDX file.");
    }

    [Fact]
    public void Read_PathIsADirectory_ThrowsSayingSo()
    {
        Action act = () => IdxReader.ReadLabels(_dir.Path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage($"{_dir.Path}: the path is a directory; expected an IDX file.")
            .Which.FilePath.Should().Be(_dir.Path);
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        Action act = () => IdxReader.ReadSamples(_dir.File("absent"));

        act.Should().Throw<FileNotFoundException>().WithMessage("*absent: no such file*");
    }

    [Fact]
    public void ReadLabels_ImagesFile_AsksWhetherItIsTheImagesFile()
    {
        string path = _dir.Write("images", IdxBytes.Bytes([1, 2, 2], new byte[4]));

        Action act = () => IdxReader.ReadLabels(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*expected labels with 1 dimension (such as magic 0x00000801) but found magic 0x00000803*is this an images file?");
    }

    [Fact]
    public void ReadSamples_LabelsFile_AsksWhetherItIsTheLabelsFile()
    {
        string path = _dir.Write("labels", IdxBytes.Bytes([4], new byte[4]));

        Action act = () => IdxReader.ReadSamples(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*found magic 0x00000801 with 1 dimension*is this a labels file?");
    }

    [Fact]
    public void ReadLabels_LabelOutsideClassRange_ThrowsWithRecordAndOffset()
    {
        string path = _dir.Write("labels", IdxBytes.Bytes([4], [3, 9, 10, 1]));

        Action act = () => IdxReader.ReadLabels(path, classCount: 10);

        InvalidDatasetFileException error = act.Should().Throw<InvalidDatasetFileException>()
            .WithMessage($"{path}: at byte offset 10, record 2: label 10 is outside the class range; expected one of the 10 classes [0, 9].").Which;
        error.Record.Should().Be(2);
        error.Offset.Should().Be(10);
    }

    [Fact]
    public void ReadLabels_NegativeLabel_Throws()
    {
        string path = _dir.File("labels");
        IdxWriter.Write(path, [3], new short[] { 1, -2, 0 });

        Action act = () => IdxReader.ReadLabels(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*offset 10, record 1: label -2 is outside the class range; expected a class index (0 or more).");
    }

    [Fact]
    public void ReadLabels_FloatLabels_ThrowsNamingTheType()
    {
        string path = _dir.File("labels");
        IdxWriter.Write(path, [2], new[] { 1f, 2f });

        Action act = () => IdxReader.ReadLabels(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*offset 2: labels must be integers but the type code is 0x0D (float32)*");
    }

    [Fact]
    public void ReadSamples_NonFiniteFloat_ThrowsWithRecord()
    {
        string path = _dir.File("floats");
        IdxWriter.Write(path, [2, 2], new[] { 1f, 2f, 3f, float.NaN });

        Action act = () => IdxReader.ReadSamples(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*offset 24, record 1: value NaN (feature 1) is not a finite float32*");
    }

    [Fact]
    public void Read_RejectedFile_IsLeftUntouched()
    {
        string path = _dir.Write("images", IdxBytes.Bytes([3, 2, 2], new byte[13]));
        string before = TempDirectory.Fingerprint(path);

        Action act = () => IdxReader.ReadSamples(path);

        act.Should().Throw<InvalidDatasetFileException>();
        TempDirectory.Fingerprint(path).Should().Be(before);
        Directory.GetFiles(_dir.Path).Should().ContainSingle();
    }
}
