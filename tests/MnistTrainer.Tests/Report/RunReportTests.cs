using System.Text.Json;
using MnistTrainer.Tests.Support;
using SkiaSharp;

namespace MnistTrainer.Tests.Report;

/// <summary>The report a CLI training run writes: every picture as SVG and as PNG, listed in the summary, and no temporary file left.</summary>
[Collection(TrainedModelCollection.Name)]
public sealed class RunReportTests
{
    private readonly TrainedModel _model;

    public RunReportTests(TrainedModel model)
    {
        _model = model;
    }

    [Theory]
    [InlineData("loss")]
    [InlineData("accuracy")]
    [InlineData("confusion")]
    [InlineData("samples")]
    public void Train_Report_HasEachPictureAsSvgAndPng(string picture)
    {
        string svg = Path.Combine(_model.RunFolder, picture + ".svg");
        string png = Path.Combine(_model.RunFolder, picture + ".png");

        File.Exists(svg).Should().BeTrue();
        using SKBitmap bitmap = SKBitmap.Decode(png);
        bitmap.Should().NotBeNull($"{png} is a PNG");
        bitmap.Width.Should().BeGreaterThan(300);
        bitmap.Height.Should().BeGreaterThan(200);
    }

    [Fact]
    public void Train_Summary_ListsThePngFiles()
    {
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_model.RunFolder, "summary.json")));
        JsonElement files = summary.RootElement.GetProperty("files");

        foreach (string key in new[] { "loss_chart_png", "accuracy_chart_png", "confusion_chart_png", "samples_chart_png" })
        {
            File.Exists(files.GetProperty(key).GetString()).Should().BeTrue(key);
        }
    }

    [Fact]
    public void Train_Report_LeavesNoTemporaryFiles() =>
        Directory.GetFiles(_model.RunFolder, "*.tmp", SearchOption.AllDirectories).Should().BeEmpty();
}
