using System.Collections.Concurrent;
using System.Net;

namespace NeuralNet.Tests.Data;

/// <summary>An HTTP handler standing in for the MNIST mirrors: serves set content per URL, answers 404 otherwise, and fails to connect to hosts named <c>down.test</c>.</summary>
internal sealed class FakeMirror : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, byte[]> _content = new();

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>How long each response takes (to make concurrent callers overlap).</summary>
    public TimeSpan Delay { get; init; }

    public void Serve(string url, byte[] content) => _content[url] = content;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string url = request.RequestUri!.ToString();
        Requests.Enqueue(url);
        await Task.Delay(Delay, cancellationToken);
        if (request.RequestUri.Host == "down.test")
        {
            throw new HttpRequestException("Connection refused (down.test:443)");
        }

        return _content.TryGetValue(url, out byte[]? body)
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) }
            : new HttpResponseMessage(HttpStatusCode.NotFound) { ReasonPhrase = "Not Found" };
    }
}
