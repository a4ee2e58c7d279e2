using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DigitServer.Tests.Support;
using NeuralNet.Imaging;
using SkiaSharp;

namespace DigitServer.Tests;

/// <summary><c>POST /predict</c> through the app's own pipeline (WebApplicationFactory): every input form, and every 4xx.</summary>
[Collection(TrainedDigitModelCollection.Name)]
public sealed class PredictEndpointTests : IDisposable
{
    private readonly TrainedDigitModel _model;
    private readonly DigitServerFactory _factory;
    private readonly HttpClient _client;

    public PredictEndpointTests(TrainedDigitModel model)
    {
        _model = model;
        _factory = new DigitServerFactory(model.ModelPath, maxRequestBytes: 64 * 1024);
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task Predict_JsonPixelsOfATestDigit_ReturnsItsLabelAndTheTopThree()
    {
        int digit = _model.ConfidentlyRight(1, 0.9f)[0];

        using HttpResponseMessage response = await _client.PostAsJsonAsync("/predict", new { pixels = _model.Pixels(digit) });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        JsonElement answer = await Json(response);
        answer.GetProperty("label").GetString().Should().Be(_model.TestLabels[digit].ToString(System.Globalization.CultureInfo.InvariantCulture));
        answer.GetProperty("index").GetInt32().Should().Be(_model.TestLabels[digit]);
        float[] expected = _model.Network.PredictProbabilities(_model.Pixels(digit));
        answer.GetProperty("probability").GetSingle().Should().BeApproximately(expected.Max(), 1e-6f);
        JsonElement[] top = answer.GetProperty("top").EnumerateArray().ToArray();
        top.Should().HaveCount(3);
        top.Select(t => t.GetProperty("probability").GetSingle()).Should().BeInDescendingOrder();
        top[1].GetProperty("probability").GetSingle().Should().BeApproximately(expected.OrderDescending().ElementAt(1), 1e-6f);
        answer.TryGetProperty("input", out _).Should().BeFalse("the input is echoed only when asked for");
    }

    [Theory]
    [InlineData("image/png", SKEncodedImageFormat.Png)]
    [InlineData("image/jpeg", SKEncodedImageFormat.Jpeg)]
    [InlineData("application/octet-stream", SKEncodedImageFormat.Png)]
    public async Task Predict_ImageBodyOfATestDigit_ReturnsItsLabel(string contentType, SKEncodedImageFormat format)
    {
        foreach (int digit in _model.ConfidentlyRight(3, 0.95f))
        {
            byte[] image = Images.Encode(_model.TestPixels.AsSpan(digit * 784, 784), 28, format, invert: true, scale: 8);
            using var content = new ByteArrayContent(image);
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);

            using HttpResponseMessage response = await _client.PostAsync("/predict", content);

            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            (await Json(response)).GetProperty("index").GetInt32().Should().Be(_model.TestLabels[digit], $"test digit {digit} drawn black on white, 224x224 {format}");
        }
    }

    [Fact]
    public async Task Predict_MultipartFile_IsPreprocessedAsTheLibraryDoesAndEchoedWhenAsked()
    {
        int digit = _model.ConfidentlyRight(1, 0.9f)[0];
        byte[] png = Images.Encode(_model.TestPixels.AsSpan(digit * 784, 784), 28, SKEncodedImageFormat.Png, invert: true, scale: 5);
        using var form = new MultipartFormDataContent { { new StringContent("a note"), "note" } };
        var file = new ByteArrayContent(png);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "image", "digit.png");

        using HttpResponseMessage response = await _client.PostAsync("/predict?input=true", form);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        JsonElement answer = await Json(response);
        answer.GetProperty("index").GetInt32().Should().Be(_model.TestLabels[digit]);
        float[] input = answer.GetProperty("input").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        input.Should().Equal(ImageInput.Decode(png));
    }

    [Fact]
    public async Task Predict_ManyConcurrentRequests_EachGetsItsOwnDigitsAnswer()
    {
        int[] digits = _model.ConfidentlyRight(16, 0.9f);

        JsonElement[] answers = await Task.WhenAll(Enumerable.Range(0, 128).Select(async n =>
        {
            using HttpResponseMessage response = await _client.PostAsJsonAsync("/predict", new { pixels = _model.Pixels(digits[n % digits.Length]) });
            return await Json(response);
        }));

        answers.Select(a => a.GetProperty("index").GetInt32())
            .Should().Equal(Enumerable.Range(0, 128).Select(n => _model.TestLabels[digits[n % digits.Length]]));
    }

    [Fact]
    public async Task Predict_WrongPixelCount_Is400NamingBothCounts()
    {
        using HttpResponseMessage response = await _client.PostAsJsonAsync("/predict", new { pixels = new float[783] });

        await ShouldBeProblem(response, HttpStatusCode.BadRequest, "*783*784*28x28*");
    }

    [Fact]
    public async Task Predict_PixelOutOfRange_Is400NamingThePixel()
    {
        float[] pixels = new float[784];
        pixels[100] = 256;

        using HttpResponseMessage response = await _client.PostAsJsonAsync("/predict", new { pixels });

        await ShouldBeProblem(response, HttpStatusCode.BadRequest, "*[100]*256*0 to 255*");
    }

    [Theory]
    [InlineData("{\"pixels\": [1, 2,", "*not valid JSON*")]
    [InlineData("[1, 2, 3]", "*no \"pixels\" array*")]
    [InlineData("{\"pixel\": []}", "*no \"pixels\" array*")]
    [InlineData("{\"pixels\": [\"a\"]}", "*784*")]
    public async Task Predict_MalformedJson_Is400(string body, string message)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using HttpResponseMessage response = await _client.PostAsync("/predict", content);

        await ShouldBeProblem(response, HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task Predict_BytesThatAreNoImage_Is400()
    {
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes("this is not a picture"));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");

        using HttpResponseMessage response = await _client.PostAsync("/predict", content);

        await ShouldBeProblem(response, HttpStatusCode.BadRequest, "*request body*not an image*");
    }

    [Fact]
    public async Task Predict_BlankDrawing_Is400SayingThereIsNoDigit()
    {
        using var content = new ByteArrayContent(Images.Blank(280, 280));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");

        using HttpResponseMessage response = await _client.PostAsync("/predict", content);

        await ShouldBeProblem(response, HttpStatusCode.BadRequest, "*no digit*");
    }

    [Fact]
    public async Task Predict_MultipartWithoutAFile_Is400()
    {
        using var form = new MultipartFormDataContent { { new StringContent("no file here"), "note" } };

        using HttpResponseMessage response = await _client.PostAsync("/predict", form);

        await ShouldBeProblem(response, HttpStatusCode.BadRequest, "*no file part*");
    }

    [Fact]
    public async Task Predict_EmptyBody_Is400()
    {
        using var content = new ByteArrayContent([]);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");

        using HttpResponseMessage response = await _client.PostAsync("/predict", content);

        await ShouldBeProblem(response, HttpStatusCode.BadRequest, "*empty*");
    }

    [Fact]
    public async Task Predict_BodyOverTheLimit_Is413()
    {
        using var content = new ByteArrayContent(new byte[(64 * 1024) + 1]);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");

        using HttpResponseMessage response = await _client.PostAsync("/predict", content);

        await ShouldBeProblem(response, HttpStatusCode.RequestEntityTooLarge, "*65,537*65,536*");
    }

    [Fact]
    public async Task Predict_ChunkedBodyOverTheLimit_Is413()
    {
        // No Content-Length: the limit is found while reading.
        using var content = new StreamContent(new MemoryStream(new byte[200 * 1024]));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/predict") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using HttpResponseMessage response = await _client.SendAsync(request);

        await ShouldBeProblem(response, HttpStatusCode.RequestEntityTooLarge, "*65,536*");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("image/gif")]
    [InlineData(null)]
    public async Task Predict_UnsupportedMediaType_Is415ListingTheAcceptedOnes(string? contentType)
    {
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes("1,2,3"));
        content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);

        using HttpResponseMessage response = await _client.PostAsync("/predict", content);

        await ShouldBeProblem(response, HttpStatusCode.UnsupportedMediaType, "*application/json*image/png*multipart/form-data*");
    }

    [Fact]
    public async Task Get_Root_ServesTheDrawingPageAndItsScript()
    {
        string page = await _client.GetStringAsync("/");
        string script = await _client.GetStringAsync("/app.js");

        page.Should().Contain("<canvas id=\"pad\"").And.Contain("app.js").And.NotContain("http", "the page loads nothing from elsewhere");
        script.Should().Contain("predict?input=true").And.Contain("pointerdown");
    }

    [Fact]
    public async Task Get_UnknownPath_Is404ProblemDetails()
    {
        using HttpResponseMessage response = await _client.GetAsync("/nothing-here");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    private static async Task ShouldBeProblem(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        string body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using JsonDocument problem = JsonDocument.Parse(body);
        problem.RootElement.GetProperty("status").GetInt32().Should().Be((int)status);
        problem.RootElement.GetProperty("title").GetString().Should().NotBeNullOrEmpty();
        problem.RootElement.GetProperty("detail").GetString().Should().Match(detail);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
