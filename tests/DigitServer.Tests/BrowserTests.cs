using DigitServer.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DigitServer.Tests;

/// <summary>The drawing page in a real browser against the real server: MNIST test digits drawn stroke by stroke with the mouse.</summary>
[Collection(TrainedDigitModelCollection.Name)]
public sealed class BrowserTests
{
    private const int Side = 28;
    private readonly TrainedDigitModel _model;
    private readonly ITestOutputHelper _output;

    public BrowserTests(TrainedDigitModel model, ITestOutputHelper output)
    {
        _model = model;
        _output = output;
    }

    [Fact]
    public async Task Page_MnistDigitsDrawnWithTheMouse_ShowsTheirLabels()
    {
        _model.Accuracy.Should().BeGreaterThan(0.9, "the fixture's model is a real MNIST model");
        int[] digits = _model.ConfidentlyRight(5, 0.99f, distinctLabels: true);
        await using LoopbackServer server = await LoopbackServer.StartAsync(_model.ModelPath);
        await using Chromium chromium = await Chromium.LaunchAsync();
        IPage page = await chromium.Context.NewPageAsync();
        await page.GotoAsync(server.Address.ToString());
        ILocator pad = page.Locator("#pad");
        LocatorBoundingBoxResult box = (await pad.BoundingBoxAsync())!;

        var shown = new List<(int Label, string Shown, string Top3)>();
        foreach (int digit in digits)
        {
            await page.ClickAsync("#clear");
            await Draw(page, box, _model.TestPixels.AsSpan(digit * 784, 784).ToArray());
            await page.ClickAsync("#predict");
            await page.Locator("#status").Filter(new LocatorFilterOptions { HasText = "Done." }).WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });

            shown.Add((_model.TestLabels[digit], await page.Locator("#top-label").InnerTextAsync(), await page.Locator("#top3").InnerTextAsync()));
        }

        string screenshot = Path.Combine(Path.GetTempPath(), "digitserver-page.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot });
        foreach ((int label, string text, string top3) in shown)
        {
            _output.WriteLine($"digit {label}: page shows {text}; top 3: {top3.ReplaceLineEndings(" ")}");
        }

        _output.WriteLine($"model: {_model.Network}, trained in {_model.TrainingTime.TotalSeconds:F1} s, {100 * _model.Accuracy:F1}% on 2,000 test digits");
        _output.WriteLine($"screenshot: {screenshot}");
        shown.Select(s => s.Shown).Should().Equal(shown.Select(s => s.Label.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        shown.Should().OnlyContain(s => s.Top3.Contains('%'), "the top 3 are listed with their probabilities");
    }

    /// <summary>Strokes every row's runs of dark pixels with the mouse, at the canvas's scale (10 canvas pixels per MNIST pixel).</summary>
    private static async Task Draw(IPage page, LocatorBoundingBoxResult box, byte[] digit)
    {
        double scale = box.Width / Side;
        for (int y = 0; y < Side; y++)
        {
            int x = 0;
            while (x < Side)
            {
                if (digit[(y * Side) + x] < 128)
                {
                    x++;
                    continue;
                }

                int start = x;
                while (x < Side && digit[(y * Side) + x] >= 128)
                {
                    x++;
                }

                double py = box.Y + ((y + 0.5) * scale);
                await page.Mouse.MoveAsync((float)(box.X + ((start + 0.5) * scale)), (float)py);
                await page.Mouse.DownAsync();
                await page.Mouse.MoveAsync((float)(box.X + ((x - 0.5) * scale)), (float)py, new MouseMoveOptions { Steps = 2 });
                await page.Mouse.UpAsync();
            }
        }
    }
}
