using System.Diagnostics;
using System.Globalization;
using System.Text;
using NeuralNet.Data;
using NeuralNet.Preprocessing;
using NeuralNet.Tests.TestData;

namespace NeuralNet.Tests.Data;

/// <summary>The CSV reader off the happy path: cultures, delimiters, scaling decided by values, unsafe text, bombs, non-regular paths.</summary>
public sealed class CsvRobustnessTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    [InlineData("tr-TR")]
    public void Read_UnderAnyCulture_GivesTheInvariantResult(string culture)
    {
        string path = _dir.WriteText("scaled.csv", "1,0.5,1e-3,-2.25E1\n0,1.5,0.25,3\n");
        Dataset invariant = CsvReader.Read(path);
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
            Dataset local = CsvReader.Read(path);

            local.Inputs.AsColumnMajorArray().Should().Equal(invariant.Inputs.AsColumnMajorArray());
            local.Inputs.AsColumnMajorArray().Should().Equal(0.5f, 1e-3f, -22.5f, 1.5f, 0.25f, 3f);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Read_CommaDecimalInASemicolonFile_IsRefusedNotReadAsFiveOrAHalf()
    {
        string path = _dir.WriteText("euro.csv", "1;0,5;2\n");

        Action act = () => CsvReader.Read(path, new CsvOptions { Delimiter = ';' });

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*line 1, column 2*found '0,5'*");
    }

    [Fact]
    public void Read_CommaDecimalInACommaFile_IsACellBoundary()
    {
        string path = _dir.WriteText("plain.csv", "1,0,5\n");

        CsvReader.Read(path, new CsvOptions { Scaling = InputScaling.None }).Inputs.AsColumnMajorArray().Should().Equal(0f, 5f);
    }

    [Theory]
    [InlineData("1;2;3\n4;5;6\n", "semicolon-separated: pass Delimiter ';'")]
    [InlineData("1\t2\t3\n4\t5\t6\n", "tab-separated: pass Delimiter '\\t'")]
    public void Read_OtherDelimiterWithTheCommaDefault_HintsAtTheDelimiter(string text, string hint)
    {
        string path = _dir.WriteText("data.csv", text);

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage($"*{hint}*");
    }

    [Fact]
    public void Read_IntegerWrittenWithADecimalPoint_IsStillAPixel()
    {
        // One cell spelled 128.0 used to make the whole file "already scaled" (and it trained on 0-255 values).
        string path = _dir.WriteText("train.csv", "5,0,255,128.0\n0,1,2,1.28e2\n");

        Dataset data = CsvReader.Read(path);

        data.Scaling.Should().Be(InputScaling.UnitRange);
        data.ValuesAreScaled.Should().BeFalse();
        data.Inputs.AsColumnMajorArray().Should().Equal(new[] { 0f, 255f, 128f, 1f, 2f, 128f }.Select(v => v * (1f / 255f)));
    }

    [Fact]
    public void Read_FileMixingRawAndScaledPixels_IsRefusedNamingTheFirstOffendingRecord()
    {
        string path = _dir.WriteText("mixed.csv", "5,0,255,128\n0,0,17,3\n1,0.5,0.25,1\n2,0.1,0,0.9\n");

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>()
            .WithMessage($"{path}: line 3, record 2: the record's values lie in [0, 1] with fractions*record 0 (line 1) holds integer pixels*mixes raw and scaled*")
            .Which.Record.Should().Be(2);
    }

    [Fact]
    public void Read_FileMixingScaledThenRaw_NamesTheRawRecord()
    {
        string path = _dir.WriteText("mixed.csv", "1,0.5,0.25,1\n5,0,255,128\n");

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*line 2, record 1: the record holds integer pixels 0-255, but record 0 (line 1)*");
    }

    [Fact]
    public void Read_ScaledFileDeclaredScaled_IsNotCheckedForMixing()
    {
        string path = _dir.WriteText("mixed.csv", "5,0,255,128\n1,0.5,0.25,1\n");

        CsvReader.Read(path, new CsvOptions { ValuesAreScaled = true }).ValuesAreScaled.Should().BeTrue();
    }

    [Fact]
    public void Read_ScaledFile_SaysItsValuesAreScaled()
    {
        Dataset data = CsvReader.Read(_dir.WriteText("scaled.csv", "1,0.5,0.25\n0,0.1,1\n"));

        data.ValuesAreScaled.Should().BeTrue();
        data.Scaling.Should().Be(InputScaling.None);
        ClassComparison.Compare(CsvReader.Read(_dir.WriteText("raw.csv", "1,5,200\n0,3,1\n")), data).Problems.Should().ContainSingle(p => p.Contains("already-scaled"));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-inf")]
    [InlineData("1e39")]
    public void Read_NonFiniteValue_IsRefusedNamingTheRecord(string cell)
    {
        string path = _dir.WriteText("train.csv", $"1,0.5,2\n0,{cell},3\n");

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*line 2, column 2, record 1*").Which.Record.Should().Be(1);
    }

    [Fact]
    public void Read_CellWithAnEscapeSequence_IsShownEscapedNeverRaw()
    {
        string path = _dir.WriteText("evil.csv", "1,2,3\n4,\u001B[31mred\u0007,6\n");

        Action act = () => CsvReader.Read(path);

        string message = act.Should().Throw<InvalidDatasetFileException>().Which.Message;
        message.Should().Contain("\\x1B[31mred\\x07").And.NotContain("\u001B").And.NotContain("\u0007");
    }

    [Fact]
    public void Read_LongBadCell_IsCutSayingHowLongItWas()
    {
        string path = _dir.WriteText("long.csv", $"1,2,3\n4,{new string('x', 5000)},6\n");

        Action act = () => CsvReader.Read(path);

        string message = act.Should().Throw<InvalidDatasetFileException>().Which.Message;
        message.Should().Contain("(5000 characters)");
        message.Length.Should().BeLessThan(400);
    }

    [Fact]
    public void Read_HugeLabel_IsRefusedQuicklyWithoutAllocatingForIt()
    {
        string path = _dir.WriteText("train.csv", "1,2,3\n2000000000,4,5\n");

        long before = GC.GetAllocatedBytesForCurrentThread();
        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*line 2*2000000000*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(4 << 20);
    }

    [Fact]
    public void Read_LabelJustAboveTheClassLimit_IsRefusedNamingIt()
    {
        string path = _dir.WriteText("train.csv", "1,2,3\n65536,4,5\n");

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*line 2, column 1, record 1: label 65536 is outside the class range; expected a class index below 65536*");
    }

    [Fact]
    public void Read_ManyShortLinesAfterAWideFirstRow_AllocatesInProportionToTheBytes()
    {
        // A 1,000-column first row and then 200,000 lines of "1": counting lines would allocate 800 MB of matrix.
        var text = new StringBuilder(string.Join(',', Enumerable.Repeat("7", 1000))).Append('\n');
        text.Insert(text.Length, "1\n", 200_000);
        string path = _dir.Write("bomb.csv.gz", IdxBytes.Gzip(Encoding.ASCII.GetBytes(text.ToString())));

        long before = GC.GetAllocatedBytesForCurrentThread();
        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*line 2*the row has 1 column*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(16 << 20, "the matrix may only hold the rows that can exist");
    }

    [Fact]
    public void Read_BlankLinesAfterAWideFirstRow_GetNoSlots()
    {
        var text = new StringBuilder(string.Join(',', Enumerable.Repeat("7", 1000))).Append('\n');
        text.Insert(text.Length, "\n", 500_000);
        string path = _dir.Write("blank.csv.gz", IdxBytes.Gzip(Encoding.ASCII.GetBytes(text.ToString())));

        long before = GC.GetAllocatedBytesForCurrentThread();
        Dataset data = CsvReader.Read(path, new CsvOptions { Scaling = InputScaling.None });

        data.Count.Should().Be(1);
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(16 << 20);
    }

    [Fact]
    public void Read_TruncatedGzip_IsRefusedInsteadOfReadingFewerRows()
    {
        byte[] gzip = IdxBytes.Gzip(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => $"{i % 10},{i % 256},{i * 7 % 256}\n"))));
        string path = _dir.Write("train.csv.gz", gzip.AsSpan(0, gzip.Length - 20));

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*the gzip stream ends after * bytes of content but its trailer records*truncated*");
    }

    [Fact]
    public void Read_ConcatenatedGzipMembers_AreRefusedSayingSo()
    {
        byte[] one = IdxBytes.Gzip(Encoding.ASCII.GetBytes("1,2,3\n"));
        byte[] two = IdxBytes.Gzip(Encoding.ASCII.GetBytes("4,5,6\n7,8,9\n"));
        string path = _dir.Write("joined.csv.gz", [.. one, .. two]);

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*joins several gzip members*gunzip*");
    }

    [Fact]
    public void Read_BytesAfterTheGzipStream_AreRefused()
    {
        string path = _dir.Write("padded.csv.gz", [.. IdxBytes.Gzip(Encoding.ASCII.GetBytes("1,2,3\n")), .. "garbage"u8.ToArray()]);

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*has bytes after its gzip stream*");
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    [InlineData("/dev/null")]
    public void Read_Device_IsRefusedAtOnce(string device)
    {
        if (!File.Exists(device))
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        Action act = () => CsvReader.Read(device);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage($"{device}: *");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Read_NamedPipe_IsRefusedWithoutBlocking()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string fifo = _dir.File("pipe.csv");
        using (Process mkfifo = Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
        }

        Task<Exception?> read = Task.Run(() =>
        {
            try
            {
                CsvReader.Read(fifo);
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        });

        (await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(10)))).Should().BeSameAs(read, "a pipe must be refused, not opened and waited on");
        (await read).Should().BeOfType<InvalidDatasetFileException>().Which.Message.Should().Contain("named pipe");
    }

    [Fact]
    public void Read_PathWithSpacesAndNonAsciiCharacters_Works()
    {
        string path = _dir.WriteText("données d'entraînement ü 数字.csv", "label,pixel0\n3,200\n");

        Dataset data = CsvReader.Read(path, new CsvOptions { Scaling = InputScaling.None });

        data.Labels.ToArray().Should().Equal(3);
        data.Inputs[0, 0].Should().Be(200f);
    }

    [Fact]
    public void Read_Stream_ReadsTheSameAsTheFile()
    {
        byte[] bytes = Encoding.ASCII.GetBytes("label,pixel0,pixel1\n1,0,10\n7,20,30\n");
        using var memory = new MemoryStream(bytes);

        Dataset data = CsvReader.Read(memory, name: "memory.csv");

        data.Labels.ToArray().Should().Equal(1, 7);
        data.Inputs.AsColumnMajorArray().Should().Equal(CsvReader.Read(_dir.Write("same.csv", bytes)).Inputs.AsColumnMajorArray());
    }

    [Fact]
    public void Read_QuotedCellSpanningLines_IsRefusedAtItsFirstLine()
    {
        string path = _dir.WriteText("quoted.csv", "1,2,3\n4,\"5\n6\",7\n");

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*line 2*quoted cell spans lines 2 to 3*");
    }
}
