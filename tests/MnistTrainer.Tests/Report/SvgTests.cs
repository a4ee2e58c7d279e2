using System.Xml.Linq;
using MnistTrainer.Report;
using NeuralNet.Training;

namespace MnistTrainer.Tests.Report;

public sealed class SvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void SvgWriter_TextWithMarkupCharacters_StaysWellFormed()
    {
        var svg = new SvgWriter(100, 50, "a <title> & \"quotes\"");
        svg.Text(10, 20, "loss < 0.1 & acc > 99%");

        XDocument document = XDocument.Parse(svg.Finish());

        document.Root!.Name.Should().Be(Svg + "svg");
        document.Descendants(Svg + "text").Single().Value.Should().Be("loss < 0.1 & acc > 99%");
        document.Declaration!.Encoding.Should().Be("utf-8");
    }

    [Fact]
    public void SvgWriter_Numbers_UseTheInvariantCulture() =>
        SvgWriter.Number(1234.5678).Should().Be("1234.57");

    [Fact]
    public void LineChart_LogAxisWithCrosses_DrawsEverySeriesAndCross()
    {
        var chart = new LineChart
        {
            Title = "sweep",
            XLabel = "rate",
            YLabel = "accuracy",
            LogX = true,
            Series = [new ChartSeries("validation", "#ff7f0e", [(1e-4, 80), (1e-3, 95), (1e-2, 97)])],
            Crosses = [1.0],
            CrossesLabel = "diverged",
        };

        XDocument document = XDocument.Parse(chart.Render().Finish());

        document.Descendants(Svg + "polyline").Should().ContainSingle();
        document.Descendants(Svg + "text").Select(t => t.Value).Should().Contain(["0.0001", "0.001", "0.01", "1", "diverged"]);
    }

    [Fact]
    public void LineChart_PointWithoutAValue_BreaksTheLine()
    {
        var chart = new LineChart
        {
            Title = "sweep",
            XLabel = "rate",
            YLabel = "accuracy",
            LogX = true,
            Series = [new ChartSeries("validation", "#ff7f0e", [(1e-3, 90), (1e-2, 95), (1e-1, double.NaN), (1, 60), (10, 50)])],
        };

        XDocument.Parse(chart.Render().Finish()).Descendants(Svg + "polyline").Should().HaveCount(2);
    }

    [Fact]
    public void LineChart_OnePoint_StillRenders()
    {
        var chart = new LineChart { Title = "t", XLabel = "epoch", YLabel = "loss", IntegerX = true, Series = [new ChartSeries("train", "#1f77b4", [(1, 0.5)])] };

        XDocument.Parse(chart.Render().Finish()).Descendants(Svg + "circle").Should().ContainSingle();
    }

    [Fact]
    public void Heatmap_ConfusionMatrix_ShowsEveryCountAndTheAccuracy()
    {
        var confusion = new ConfusionMatrix(3);
        for (int i = 0; i < 40; i++)
        {
            confusion.Add(i % 3, i % 3);
        }

        confusion.Add(0, 2);

        XDocument document = XDocument.Parse(Heatmap.Render(confusion, "confusion").Finish());

        string[] texts = [.. document.Descendants(Svg + "text").Select(t => t.Value)];
        texts.Should().Contain(["14", "13", "1"]);
        texts.Should().Contain(t => t.StartsWith("40 of 41 correct"));
        document.Descendants(Svg + "rect").Should().HaveCountGreaterThan(9);
    }

    [Fact]
    public void DigitGrid_WrongPrediction_IsMarked()
    {
        float[] pixels = [.. Enumerable.Range(0, 16).Select(i => i % 5 == 0 ? 1f : 0f)];
        DigitSample[] digits = [new(0, pixels, 3, 3), new(1, pixels, 4, 9)];

        XDocument document = XDocument.Parse(DigitGrid.Render(digits, 4, "digits").Finish());

        string[] texts = [.. document.Descendants(Svg + "text").Select(t => t.Value)];
        texts.Should().Contain("3 → 3").And.Contain("4 → 9 ✗");
        document.Descendants(Svg + "rect").Should().Contain(r => (string?)r.Attribute("stroke") == "#d62728");
    }
}
