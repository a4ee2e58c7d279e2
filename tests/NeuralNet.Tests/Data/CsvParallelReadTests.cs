using System.Text;
using NeuralNet.Data;
using NeuralNet.Preprocessing;
using NeuralNet.Tests.TestData;

namespace NeuralNet.Tests.Data;

/// <summary>Large raw CSV files are parsed in parallel parts; these tests force parts onto small files.</summary>
public sealed class CsvParallelReadTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public CsvParallelReadTests() => CsvLayoutScanner.ForcedParts = 4;

    public void Dispose()
    {
        CsvLayoutScanner.ForcedParts = null;
        _dir.Dispose();
    }

    [Fact]
    public void Read_InParts_EqualsReadingInOne()
    {
        byte[] pixels = Enumerable.Range(0, 200 * 30).Select(i => (byte)(i * 37 % 256)).ToArray();
        int[] labels = Enumerable.Range(0, 200).Select(i => i % 10).ToArray();
        string path = _dir.File("train.csv");
        CsvWriter.WritePixels(path, pixels, 30, labels, header: true);

        CsvLayoutScanner.Scan(path, CsvOptions.Default, (byte)',', "a CSV file").Segments.Should().HaveCount(4);
        Dataset parallel = CsvReader.Read(path);
        CsvLayoutScanner.ForcedParts = 1;
        Dataset serial = CsvReader.Read(path);

        parallel.Inputs.AsColumnMajorArray().Should().Equal(serial.Inputs.AsColumnMajorArray());
        parallel.Labels.ToArray().Should().Equal(labels);
        parallel.Inputs.AsColumnMajorArray().Should().Equal(pixels.Select(p => p * (1f / 255f)));
    }

    [Fact]
    public void Read_BlankLinesInSeveralParts_AreDropped()
    {
        var text = new StringBuilder("\n\nlabel,a,b\n");
        for (int i = 0; i < 100; i++)
        {
            text.Append(i % 10).Append(',').Append(i).Append(',').Append(i + 1).Append('\n');
            if (i % 17 == 0)
            {
                text.Append(i % 2 == 0 ? "\n" : " \r\n");
            }
        }

        string path = _dir.WriteText("train.csv", text.Append("\n\n").ToString());

        Dataset data = CsvReader.Read(path, new CsvOptions { Scaling = InputScaling.None });

        data.Count.Should().Be(100);
        data.Inputs.Row(0).ToArray().Should().Equal(Enumerable.Range(0, 100).Select(i => (float)i));
        data.Labels.ToArray().Should().Equal(Enumerable.Range(0, 100).Select(i => i % 10));
    }

    [Fact]
    public void Read_ErrorsInSeveralParts_ReportsTheFirstLine()
    {
        string[] lines = [.. Enumerable.Range(0, 400).Select(i => $"1,{i % 200},{i % 100}")];
        lines[390] = "1,2,x";
        lines[120] = "1,2";
        string path = _dir.WriteText("train.csv", string.Join("\n", lines));

        Action act = () => CsvReader.Read(path);

        long[] starts = [.. CsvLayoutScanner.Scan(path, CsvOptions.Default, (byte)',', "a CSV file").Segments.Select(s => s.Line)];
        starts.Should().HaveCount(4);
        starts.Count(start => start <= 121).Should().BeLessThan(starts.Count(start => start <= 391), "the two errors lie in different parts");
        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*line 121, record 120: the row has 2 columns*");
    }

    [Fact]
    public void Read_FractionInOnePartOnly_MapsTheOtherPartsBackToRawValues()
    {
        string[] lines = [.. Enumerable.Range(0, 400).Select(i => $"1,{i % 256},{(i * 7) % 256}")];
        lines[300] = "1,0.5,300";
        string path = _dir.WriteText("scaled.csv", string.Join("\n", lines));

        Dataset data = CsvReader.Read(path);

        data.Scaling.Should().Be(InputScaling.None);
        data.Inputs[0, 299].Should().Be(299 % 256);
        data.Inputs[1, 3].Should().Be(21f);
        (data.Inputs[0, 300], data.Inputs[1, 300]).Should().Be((0.5f, 300f));
    }

    [Fact]
    public void Read_OutOfRangePixelInALaterPart_IsReportedWithItsLine()
    {
        string[] lines = [.. Enumerable.Range(0, 400).Select(i => $"1,{i % 256},0")];
        lines[333] = "1,999,0";
        string path = _dir.WriteText("train.csv", string.Join("\n", lines));

        Action act = () => CsvReader.Read(path);

        act.Should().Throw<InvalidDatasetFileException>().WithMessage("*line 334, column 2, record 333: pixel '999'*");
    }
}
