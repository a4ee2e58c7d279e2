using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigitServer.Tests.Support;
using NeuralNet;
using NeuralNet.Serialization;

namespace DigitServer.Tests;

/// <summary>A model whose file carries class names is answered in those names; one without them in its class numbers.</summary>
public sealed class ClassNameTests : IDisposable
{
    private static readonly string[] Garments = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private readonly string _folder = Directory.CreateTempSubdirectory("digitserver-names-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Predict_ModelWithClassNames_AnswersWithTheNames()
    {
        Network network = Network.Create([784, 16, 10], seed: 3);
        network.ClassNames = Garments;
        string path = Path.Combine(_folder, "fashion.nnet");
        network.Save(path);
        float[] pixels = [.. Enumerable.Range(0, 784).Select(i => (float)(i * 37 % 256))];
        float[] probabilities = network.PredictProbabilities(pixels);
        int best = Array.IndexOf(probabilities, probabilities.Max());
        using var factory = new DigitServerFactory(path);
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await client.PostAsJsonAsync("/predict", new { pixels });
        using JsonDocument model = JsonDocument.Parse(await client.GetStringAsync("/model"));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        answer.RootElement.GetProperty("index").GetInt32().Should().Be(best);
        answer.RootElement.GetProperty("label").GetString().Should().Be(Garments[best]);
        answer.RootElement.GetProperty("top").EnumerateArray().Should().AllSatisfy(t => t.GetProperty("label").GetString().Should().Be(Garments[t.GetProperty("index").GetInt32()]));
        model.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString()).Should().Equal(Garments);
    }

    [Fact]
    public async Task Model_WithoutClassNames_ListsTheClassNumbers()
    {
        string path = Path.Combine(_folder, "digits.nnet");
        Network.Create([784, 8, 10], seed: 4).Save(path);
        using var factory = new DigitServerFactory(path);
        using HttpClient client = factory.CreateClient();

        using JsonDocument model = JsonDocument.Parse(await client.GetStringAsync("/model"));

        model.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString()).Should().Equal("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }
}
