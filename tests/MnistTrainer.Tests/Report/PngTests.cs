using MnistTrainer;
using MnistTrainer.Report;
using MnistTrainer.Runs;
using MnistTrainer.Tests.Support;
using NeuralNet.Training;
using SkiaSharp;

namespace MnistTrainer.Tests.Report;

/// <summary>The report's PNG pictures, drawn by ScottPlot: decoded back and looked at pixel by pixel.</summary>
public sealed class PngTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ChartFonts_AreWhatScottPlotDrawsWith_NotTheMachinesFonts()
    {
        ChartFonts.EnsureInstalled();

        SKTypeface regular = ScottPlot.Fonts.GetTypeface(ChartFonts.Family, bold: false, italic: false);
        SKTypeface bold = ScottPlot.Fonts.GetTypeface(ChartFonts.Family, bold: true, italic: false);

        ScottPlot.Fonts.Default.Should().Be(ChartFonts.Family);
        regular.FamilyName.Should().Be("DejaVu Sans");
        regular.GlyphCount.Should().BeLessThan(400, "it is the shipped subset, not a system font of thousands of glyphs");
        bold.FontStyle.Weight.Should().BeGreaterThan(regular.FontStyle.Weight);
        using var font = new SKFont(regular);
        font.ContainsGlyphs("label → prediction ✗ 0123456789 %").Should().BeTrue("every character the charts write is in the subset");
    }

    [Fact]
    public void LineChart_AsPng_HasItsTitleAndLinesInTheirColours()
    {
        var chart = new LineChart
        {
            Title = "Loss per epoch",
            XLabel = "epoch",
            YLabel = "loss",
            IntegerX = true,
            Series = [new ChartSeries("training", "#1f77b4", [(1, 0.9), (2, 0.5), (3, 0.3)]), new ChartSeries("validation", "#ff7f0e", [(1, 0.8), (2, 0.6), (3, 0.5)], Dashed: true)],
        };
        string path = _folder.File("loss.png");

        PngWriter.Save(LineChartPlot.Draw(chart), LineChartPlot.Width, LineChartPlot.Height, path);

        using SKBitmap png = Decode(path);
        png.Width.Should().Be(LineChartPlot.Width);
        png.Height.Should().Be(LineChartPlot.Height);
        Count(png, new SKRectI(0, 0, png.Width, 36), c => c.Red < 128 && c.Green < 128 && c.Blue < 128).Should().BeGreaterThan(100, "the title is drawn in dark text");
        Count(png, Whole(png), c => Near(c, 0x1f, 0x77, 0xb4)).Should().BeGreaterThan(200, "the training line is blue");
        Count(png, Whole(png), c => Near(c, 0xff, 0x7f, 0x0e)).Should().BeGreaterThan(100, "the validation line is orange");
    }

    [Fact]
    public void LineChart_LogAxisWithDivergedRates_DrawsTheRedCrosses()
    {
        var chart = new LineChart
        {
            Title = "sweep",
            XLabel = "rate",
            YLabel = "accuracy",
            LogX = true,
            Series = [new ChartSeries("validation", "#ff7f0e", [(1e-4, 80), (1e-3, 95), (1e-2, 97), (1e-1, double.NaN)])],
            Crosses = [1e-1, 1.0],
            CrossesLabel = "diverged",
            Highlight = (1e-2, 97),
        };
        string path = _folder.File("sweep.png");

        PngWriter.Save(LineChartPlot.Draw(chart), LineChartPlot.Width, LineChartPlot.Height, path);

        using SKBitmap png = Decode(path);
        Count(png, Whole(png), c => Near(c, 0xd6, 0x27, 0x28)).Should().BeGreaterThan(60, "two red crosses and their legend entry");
        Count(png, Whole(png), c => Near(c, 0x2c, 0xa0, 0x2c)).Should().BeGreaterThan(40, "the best rate is ringed in green");
    }

    [Fact]
    public void Heatmap_AsPng_ColoursTheDiagonalBlueAndErrorsRed()
    {
        var confusion = new ConfusionMatrix(3);
        for (int i = 0; i < 40; i++)
        {
            confusion.Add(i % 3, i % 3);
        }

        confusion.Add(0, 2);
        string path = _folder.File("confusion.png");
        (int width, int height) = HeatmapPlot.Size(3);

        PngWriter.Save(HeatmapPlot.Draw(confusion, "confusion"), width, height, path);

        using SKBitmap png = Decode(path);
        png.Width.Should().Be(width);
        Count(png, Whole(png), c => c.Blue > 150 && c.Red < 80).Should().BeGreaterThan(3 * 1000, "three full blue cells on the diagonal");
        Count(png, Whole(png), c => c.Red > 200 && c.Green < 120 && c.Blue < 120).Should().BeGreaterThan(1000, "one cell of errors, the worst, in full red");
    }

    [Fact]
    public void DigitGrid_AsPng_DrawsDigitsUprightWithMistakesFramedInRed()
    {
        // An "image" whose top half is ink and bottom half paper: upright, the dark pixels are in the cell's top half.
        float[] topHalf = [.. Enumerable.Range(0, 28 * 28).Select(i => i < 14 * 28 ? 255f : 0f)];
        DigitSample[] digits = [new(0, topHalf, 3, 3), new(1, topHalf, 4, 9)];
        string path = _folder.File("samples.png");
        (int width, int height) = DigitGridPlot.Size(digits.Length, 28);

        PngWriter.Save(DigitGridPlot.Draw(digits, 28, "digits"), width, height, path);

        using SKBitmap png = Decode(path);
        png.Height.Should().Be(height);
        const int Box = 28 * 3;
        var firstCell = new SKRectI(14, 64, 14 + Box, 64 + Box);
        int top = Count(png, firstCell with { Bottom = firstCell.Top + (Box / 2) }, c => c.Red < 64);
        int bottom = Count(png, firstCell with { Top = firstCell.Top + (Box / 2) }, c => c.Red < 64);
        top.Should().BeGreaterThan(Box * Box / 3);
        bottom.Should().BeLessThan(Box * 2, "row 0 of the image is at the top of its cell");
        Count(png, Whole(png), c => Near(c, 0xd6, 0x27, 0x28)).Should().BeGreaterThan(Box * 4, "the mistake's frame and caption are red");
    }

    [Fact]
    public void OutputFolderWrite_FailingWrite_LeavesTheOldFileAndNoTemporaryFile()
    {
        string path = _folder.File("chart.png");
        File.WriteAllText(path, "old");

        Action write = () => OutputFolder.WriteFile(path, stream =>
        {
            stream.WriteByte(1);
            throw new IOException("disk full");
        });

        write.Should().Throw<UsageException>().WithMessage("*disk full*previous file*unchanged*");
        File.ReadAllText(path).Should().Be("old");
        Directory.GetFiles(_folder.Path).Should().ContainSingle();
    }

    [Fact]
    public void OutputFolderWrite_Text_ReplacesTheFileWhole()
    {
        string path = _folder.File("chart.svg");
        File.WriteAllText(path, "old and longer than the new content");

        OutputFolder.WriteText(path, "new");

        File.ReadAllText(path).Should().Be("new");
        Directory.GetFiles(_folder.Path).Should().ContainSingle();
    }

    private static SKBitmap Decode(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        bytes.AsSpan(0, 8).ToArray().Should().Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], "the file is a PNG");
        return SKBitmap.Decode(bytes);
    }

    private static SKRectI Whole(SKBitmap bitmap) => new(0, 0, bitmap.Width, bitmap.Height);

    private static bool Near(SKColor color, int red, int green, int blue) =>
        Math.Abs(color.Red - red) < 24 && Math.Abs(color.Green - green) < 24 && Math.Abs(color.Blue - blue) < 24;

    private static int Count(SKBitmap bitmap, SKRectI area, Func<SKColor, bool> match)
    {
        int count = 0;
        for (int y = Math.Max(0, area.Top); y < Math.Min(bitmap.Height, area.Bottom); y++)
        {
            for (int x = Math.Max(0, area.Left); x < Math.Min(bitmap.Width, area.Right); x++)
            {
                if (match(bitmap.GetPixel(x, y)))
                {
                    count++;
                }
            }
        }

        return count;
    }
}
