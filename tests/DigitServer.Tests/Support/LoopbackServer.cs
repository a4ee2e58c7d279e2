using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace DigitServer.Tests.Support;

/// <summary>The real server, Kestrel on a free loopback port (127.0.0.1:0), as <c>dotnet run</c> starts it.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The server's base address, such as <c>http://127.0.0.1:39211/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Starts the server on <paramref name="modelPath"/>.</summary>
    public static async Task<LoopbackServer> StartAsync(string modelPath)
    {
        WebApplication app = DigitServerApp.Build(["--model", modelPath, "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new LoopbackServer(app, new Uri(address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
