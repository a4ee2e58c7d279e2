using System.Text;
using NeuralNet.Data;
using NeuralNet.Preprocessing;
using NeuralNet.Tests.TestData;

namespace NeuralNet.Tests.Data;

public sealed class CsvReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Read_MnistStyleWithoutHeader_LabelFirstAndPixelsToUnitRange()
    {
        string path = _dir.WriteText("mnist_train.csv", "5,0,255,128\n0,1,2,3\n");

        Dataset data = CsvReader.Read(path);

        data.Count.Should().Be(2);
        data.FeatureCount.Should().Be(3);
        data.Labels.ToArray().Should().Equal(5, 0);
        data.ClassCount.Should().Be(6);
        data.Scaling.Should().Be(InputScaling.UnitRange);
        data.Inputs.AsColumnMajorArray().Should().Equal(new[] { 0f, 255f, 128f, 1f, 2f, 3f }.Select(v => v * (1f / 255f)));
    }

    [Fact]
    public void Read_KaggleTrainHeader_SkipsHeaderAndReadsLabels()
    {
        string path = _dir.WriteText("train.csv", "label,pixel0,pixel1\n1,0,10\n7,20,30\n");

        Dataset data = CsvReader.Read(path, new CsvOptions { Scaling = InputScaling.None, ClassCount = 10 });

        data.HasLabels.Should().BeTrue();
        data.Labels.ToArray().Should().Equal(1, 7);
        data.ClassCount.Should().Be(10);
        data.Inputs.AsColumnMajorArray().Should().Equal(0f, 10f, 20f, 30f);
    }

    [Fact]
    public void Read_KaggleTestHeaderWithoutLabelColumn_ReadsUnlabelledInputs()
    {
        string path = _dir.WriteText("test.csv", "pixel0,pixel1,pixel2\n0,10,20\n30,40,50\n60,70,80\n");

        Dataset data = CsvReader.Read(path, new CsvOptions { Scaling = InputScaling.None });

        data.HasLabels.Should().BeFalse();
        data.Count.Should().Be(3);
        data.FeatureCount.Should().Be(3);
        data.Inputs.Column(2).ToArray().Should().Equal(60f, 70f, 80f);
    }

    [Theory]
    [InlineData("label,a,b", true)]
    [InlineData("\"Label\",\"a\",\"b\"", true)]
    [InlineData("class,a,b", true)]
    [InlineData("y,a,b", true)]
    [InlineData("a,b,c", false)]
    public void Read_Header_DetectsLabelColumnByName(string header, bool labelled)
    {
        string path = _dir.WriteText("data.csv", $"{header}\n1,2,3\n");

        Dataset data = CsvReader.Read(path);

        data.HasLabels.Should().Be(labelled);
        data.FeatureCount.Should().Be(labelled ? 2 : 3);
    }

    [Fact]
    public void Read_NoHeaderAndFeatureCountEqualToColumns_ReadsUnlabelled()
    {
        string path = _dir.WriteText("test.csv", "1,2,3\n4,5,6\n");

        Dataset data = CsvReader.Read(path, new CsvOptions { FeatureCount = 3 });

        data.HasLabels.Should().BeFalse();
        data.Count.Should().Be(2);
    }

    [Fact]
    public void Read_ExplicitHeaderAndLabelSettings_OverrideDetection()
    {
        string path = _dir.WriteText("data.csv", "9,9,9\n1,2,3\n");

        Dataset data = CsvReader.Read(path, new CsvOptions { HasHeader = true, HasLabels = false, Scaling = InputScaling.None });

        data.HasLabels.Should().BeFalse();
        data.Inputs.AsColumnMajorArray().Should().Equal(1f, 2f, 3f);
    }

    [Fact]
    public void Read_ScaledFloats_AreUsedAsTheyAre()
    {
        string path = _dir.WriteText("scaled.csv", "3,0,0.5,1\n4,-0.25,1e-3,2.5E1\n");

        Dataset data = CsvReader.Read(path);

        data.Scaling.Should().Be(InputScaling.None);
        data.Inputs.AsColumnMajorArray().Should().Equal(0f, 0.5f, 1f, -0.25f, 1e-3f, 25f);
    }

    [Fact]
    public void Read_WindowsLineEndsBomBlankLinesAndNoFinalNewline_AreTolerated()
    {
        string path = _dir.Write("data.csv", Encoding.UTF8.GetPreamble().Concat(Encoding.ASCII.GetBytes("\r\nlabel,p0\r\n2,7\r\n\r\n  \n3,8")).ToArray());

        Dataset data = CsvReader.Read(path, new CsvOptions { Scaling = InputScaling.None });

        data.Labels.ToArray().Should().Equal(2, 3);
        data.Inputs.AsColumnMajorArray().Should().Equal(7f, 8f);
    }

    [Fact]
    public void Read_OtherDelimiterAndSpacedOrQuotedCells_Parse()
    {
        string path = _dir.WriteText("data.tsv", "1\t 2 \t\"3\"\n0\t004\t5\n");

        Dataset data = CsvReader.Read(path, new CsvOptions { Delimiter = '\t', Scaling = InputScaling.None });

        data.Inputs.AsColumnMajorArray().Should().Equal(2f, 3f, 4f, 5f);
    }

    [Fact]
    public void Read_GzippedFile_DetectedByMagicBytes()
    {
        string path = _dir.Write("train.csv", IdxBytes.Gzip(Encoding.ASCII.GetBytes("label,a\n4,200\n")));

        Dataset data = CsvReader.Read(path, new CsvOptions { Scaling = InputScaling.None });

        data.Labels.ToArray().Should().Equal(4);
        data.Inputs[0, 0].Should().Be(200f);
    }

    [Fact]
    public void Read_RowsLongerThanTheReadBuffer_AreReassembled()
    {
        // 120,000 features of "255," make 480 KB lines, longer than the 256 KB chunk the reader starts with.
        byte[] pixels = Enumerable.Range(0, 3 * 120_000).Select(i => (byte)(i % 251)).ToArray();
        string path = _dir.File("wide.csv");
        CsvWriter.WritePixels(path, pixels, 120_000, [0, 1, 2]);

        Dataset data = CsvReader.Read(path, new CsvOptions { Scaling = InputScaling.None });

        data.Inputs.AsColumnMajorArray().SequenceEqual(pixels.Select(p => (float)p)).Should().BeTrue();
    }

    [Fact]
    public void WritePixels_ThenRead_RoundTripsWithHeader()
    {
        byte[] pixels = IdxBytes.Ramp(4 * 6);
        string path = _dir.File("train.csv");
        CsvWriter.WritePixels(path, pixels, 6, [3, 1, 4, 1], header: true);

        File.ReadLines(path).First().Should().Be("label,pixel0,pixel1,pixel2,pixel3,pixel4,pixel5");
        Dataset data = CsvReader.Read(path, new CsvOptions { Scaling = InputScaling.None });

        data.Labels.ToArray().Should().Equal(3, 1, 4, 1);
        data.Inputs.AsColumnMajorArray().Should().Equal(pixels.Select(p => (float)p));
    }

    [Fact]
    public void Write_ScaledSamples_RoundTripExactly()
    {
        Matrix<float> samples = Matrix<float>.Build.DenseOfColumnMajor(3, 2, [0f, 1f, 0.1f, -2.5f, 1e-8f, 1f / 3f]);
        string path = _dir.File("scaled.csv");
        CsvWriter.Write(path, samples, [1, 0]);

        Dataset data = CsvReader.Read(path);

        data.Scaling.Should().Be(InputScaling.None, "every cell was written with a decimal point or an exponent");
        data.Inputs.AsColumnMajorArray().Should().Equal(samples.AsColumnMajorArray());
        data.Labels.ToArray().Should().Equal(1, 0);
    }

    [Fact]
    public void Read_WrongColumnCount_ThrowsWithLineAndExpectedCount()
    {
        string path = _dir.WriteText("train.csv", "label,a,b,c\n1,2,3,4\n1,2,3\n");

        Action act = () => CsvReader.Read(path);

        InvalidDatasetFileException error = act.Should().Throw<InvalidDatasetFileException>()
            .WithMessage($"{path}: line 3, record 1: the row has 3 columns; expected 4 (a label and 3 features), as the header has.").Which;
        error.Line.Should().Be(3);
        error.Record.Should().Be(1);
    }

    [Fact]
    public void Read_TooManyColumns_ThrowsWithTheCountFound()
    {
        string path = _dir.WriteText("train.csv", "1,2,3\n1,2,3,4,5\n");

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*line 2*the row has 5 columns; expected 3 (a label and 2 features), as the first row has.");
    }

    [Fact]
    public void Read_FeatureCountOptionNotMet_ThrowsAtTheFirstLine()
    {
        string path = _dir.WriteText("train.csv", "1,2,3\n");

        Action act = () => CsvReader.Read(path, new CsvOptions { FeatureCount = 784 });

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*line 1: the first row has 3 columns; expected 785 (a label and 784 features).");
    }

    [Fact]
    public void Read_NonNumericCell_ThrowsWithLineColumnAndCell()
    {
        string path = _dir.WriteText("train.csv", "1,2,3\n4,5,6\n7,x8,9\n");

        Action act = () => CsvReader.Read(path);

        InvalidDatasetFileException error = act.Should().Throw<InvalidDatasetFileException>()
            .WithMessage($"{path}: line 3, column 2, record 2: expected a number (a pixel 0-255 or a finite scaled value) but found 'x8'.").Which;
        error.Column.Should().Be(2);
    }

    [Fact]
    public void Read_EmptyCell_ThrowsNamingIt()
    {
        string path = _dir.WriteText("train.csv", "1,2,,4\n");

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*line 1, column 3*found an empty cell.");
    }

    [Fact]
    public void Read_FirstLineWithSomeNumbers_IsDataWithABadCellNotAHeader()
    {
        string path = _dir.WriteText("train.csv", "1,2,oops\n");

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*line 1, column 3*found 'oops'.");
    }

    [Fact]
    public void Read_NonFiniteValue_IsRejected()
    {
        string path = _dir.WriteText("train.csv", "1,0.5,NaN\n");

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*line 1, column 3*found 'NaN'.");
    }

    [Fact]
    public void Read_PixelAbove255_ThrowsWithLineColumnAndValue()
    {
        string path = _dir.WriteText("train.csv", "1,2,3\n4,256,6\n7,8,1000\n");

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>()
            .WithMessage($"{path}: line 2, column 2, record 1: pixel '256' (256) is outside 0-255; expected integer pixels 0-255*");
    }

    [Fact]
    public void Read_NegativePixel_ThrowsWithLineAndColumn()
    {
        string path = _dir.WriteText("train.csv", "1,2,-3\n");

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*line 1, column 3*pixel '-3' (-3) is outside 0-255*");
    }

    [Fact]
    public void Read_LargeIntegerInAFileOfScaledValues_IsAccepted()
    {
        string path = _dir.WriteText("standardized.csv", "1,300,-2\n0,0.5,1.5\n");

        Dataset data = CsvReader.Read(path);

        data.Inputs.AsColumnMajorArray().Should().Equal(300f, -2f, 0.5f, 1.5f);
    }

    [Fact]
    public void Read_FloatsInAFileDeclaredUnscaled_Throws()
    {
        string path = _dir.WriteText("train.csv", "1,3,0.5\n");

        Action act = () => CsvReader.Read(path, new CsvOptions { ValuesAreScaled = false });

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*line 1, column 3*expected an integer pixel 0-255*found '0.5'.");
    }

    [Fact]
    public void Read_LabelOutsideClassRange_ThrowsWithLineAndColumnOne()
    {
        string path = _dir.WriteText("train.csv", "label,a\n9,0\n10,0\n");

        Action act = () => CsvReader.Read(path, new CsvOptions { ClassCount = 10 });

        act.Should().Throw<InvalidDatasetFileException>()
            .WithMessage($"{path}: line 3, column 1, record 1: label 10 is outside the class range; expected one of the 10 classes [0, 9].");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("2.5")]
    [InlineData("cat")]
    public void Read_LabelThatIsNotAClassIndex_Throws(string label)
    {
        string path = _dir.WriteText("train.csv", $"1,0\n{label},0\n");

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage($"*line 2, column 1*expected a class label (a whole number, 0 or more) but found '{label}'.");
    }

    [Fact]
    public void Read_EmptyFile_ThrowsSayingSo()
    {
        string path = _dir.Write("empty.csv", []);

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage($"{path}: at byte offset 0: the file is empty (0 bytes); expected a CSV file.");
    }

    [Fact]
    public void Read_OnlyBlankLines_ThrowsSayingThereAreNoRows()
    {
        string path = _dir.WriteText("blank.csv", "\n \n\r\n");

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*the file holds no rows*");
    }

    [Fact]
    public void Read_HeaderWithoutRows_Throws()
    {
        string path = _dir.WriteText("train.csv", "label,pixel0\n");

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*line 2: the file has a header (a label and 1 features) but no data rows*");
    }

    [Fact]
    public void Read_PathIsADirectory_ThrowsSayingSo()
    {
        Action act = () => CsvReader.Read(_dir.Path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage($"{_dir.Path}: the path is a directory; expected a CSV file.");
    }

    [Fact]
    public void Read_DelimiterThatCanBePartOfANumber_ThrowsArgumentException()
    {
        string path = _dir.WriteText("train.csv", "1.2.3\n");

        Action act = () => CsvReader.Read(path, new CsvOptions { Delimiter = '.' });

        act.Should().Throw<ArgumentException>().WithMessage("*delimiter*'.'*");
    }

    [Fact]
    public void Read_RejectedFile_IsLeftUntouched()
    {
        string path = _dir.WriteText("train.csv", "1,2,3\n4,5\n");
        string before = TempDirectory.Fingerprint(path);

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>();
        TempDirectory.Fingerprint(path).Should().Be(before);
        Directory.GetFiles(_dir.Path).Should().ContainSingle();
    }
}
