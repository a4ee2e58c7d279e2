using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DigitServer.Tests.Support;
using SkiaSharp;
using Xunit.Abstractions;

namespace DigitServer.Tests;

/// <summary>A bounded load test of the real server on loopback: 32 concurrent clients, a fixed number of requests, zero errors.</summary>
/// <remarks>Run it alone to see its report: <c>dotnet test tests/DigitServer.Tests -c Release --filter LoadTests --logger "console;verbosity=detailed"</c>.</remarks>
[Collection(TrainedDigitModelCollection.Name)]
public sealed class LoadTests
{
    private const int Clients = 32;
    private readonly TrainedDigitModel _model;
    private readonly ITestOutputHelper _output;

    public LoadTests(TrainedDigitModel model, ITestOutputHelper output)
    {
        _model = model;
        _output = output;
    }

    [Fact]
    public async Task Predict_32ConcurrentClientsOnLoopback_AnswerEveryRequestRight()
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_model.ModelPath);
        int[] digits = _model.ConfidentlyRight(20, 0.95f);
        byte[][] json = digits.Select(d => JsonSerializer.SerializeToUtf8Bytes(new { pixels = _model.Pixels(d) })).ToArray();
        byte[][] png = digits.Select(d => Images.Encode(_model.TestPixels.AsSpan(d * 784, 784), 28, SKEncodedImageFormat.Png, invert: true, scale: 10)).ToArray();

        Report jsonReport = await Run(server.Address, requests: 4000, n => Body(json[n % digits.Length], "application/json"), n => _model.TestLabels[digits[n % digits.Length]]);
        Report pngReport = await Run(server.Address, requests: 1000, n => Body(png[n % digits.Length], "image/png"), n => _model.TestLabels[digits[n % digits.Length]]);

        _output.WriteLine($"JSON pixels (784 numbers): {jsonReport}");
        _output.WriteLine($"PNG 280x280 drawings:      {pngReport}");
        jsonReport.Errors.Should().Be(0, jsonReport.FirstError);
        pngReport.Errors.Should().Be(0, pngReport.FirstError);
        // Bounded by its request count: about 7 s on this project's loaded 2-core machine; the limit leaves room for CI,
        // where other test assemblies run beside it.
        (jsonReport.Elapsed + pngReport.Elapsed).Should().BeLessThan(TimeSpan.FromSeconds(60), "the load test is bounded");
    }

    private static ByteArrayContent Body(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    /// <summary>Sends <paramref name="requests"/> requests from <see cref="Clients"/> clients, each with its own connection, and times each one.</summary>
    private static async Task<Report> Run(Uri address, int requests, Func<int, HttpContent> content, Func<int, int> expected)
    {
        var clients = Enumerable.Range(0, Clients).Select(_ => new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) }).ToArray();
        try
        {
            // One request per client first, so connections are open and the server's code is compiled before the clock starts.
            await Task.WhenAll(clients.Select((c, i) => Send(c, content(i), expected(i))));

            var latencies = new double[requests];
            int next = -1, errors = 0;
            string? firstError = null;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select(async client =>
            {
                int n;
                while ((n = Interlocked.Increment(ref next)) < requests)
                {
                    long start = Stopwatch.GetTimestamp();
                    string? error = await Send(client, content(n), expected(n));
                    latencies[n] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    if (error is not null)
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, error, null);
                    }
                }
            }));
            clock.Stop();
            Array.Sort(latencies);
            return new Report(requests, errors, firstError, clock.Elapsed, latencies[requests / 2], latencies[(int)(requests * 0.99)]);
        }
        finally
        {
            foreach (HttpClient client in clients)
            {
                client.Dispose();
            }
        }
    }

    private static async Task<string?> Send(HttpClient client, HttpContent content, int label)
    {
        try
        {
            using HttpContent body = content;
            using HttpResponseMessage response = await client.PostAsync("predict", body);
            if (!response.IsSuccessStatusCode)
            {
                return $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            }

            Prediction? answer = await response.Content.ReadFromJsonAsync<Prediction>();
            return answer?.Index == label ? null : $"expected {label} but the answer was {answer?.Index}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return e.Message;
        }
    }

    private sealed record Report(int Requests, int Errors, string? FirstError, TimeSpan Elapsed, double P50, double P99)
    {
        public override string ToString() => string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{Requests} requests from {Clients} clients in {Elapsed.TotalSeconds:F2} s: {Requests / Elapsed.TotalSeconds:F0} requests/s, p50 {P50:F2} ms, p99 {P99:F2} ms, {Errors} errors");
    }
}
