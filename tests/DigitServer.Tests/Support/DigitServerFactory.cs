using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DigitServer.Tests.Support;

/// <summary>The app in memory (ASP.NET Core's test server), started by its own entry point with the given settings.</summary>
public sealed class DigitServerFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public DigitServerFactory(string modelPath, long? maxRequestBytes = null)
    {
        _settings = new() { [ServerSettings.ModelKey] = modelPath, ["Logging:LogLevel:Default"] = "Warning" };
        if (maxRequestBytes is long limit)
        {
            _settings[ServerSettings.MaxRequestBytesKey] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach ((string key, string? value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
