using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace DigitServer;

/// <summary>Builds the web app: the model loaded at start-up, the drawing page at <c>/</c>, and <c>POST /predict</c>.</summary>
public static class DigitServerApp
{
    /// <summary>Builds the app from command-line arguments such as <c>--model runs/x/model.nnet --urls http://127.0.0.1:5000</c>.</summary>
    /// <param name="args">The command line; <c>--model</c> names the model file, <c>--max-request-bytes</c> the size limit (default 1 MiB).</param>
    /// <returns>The app, ready to run; its model is already loaded.</returns>
    /// <exception cref="StartupException">No model is named, or it cannot be loaded.</exception>
    public static WebApplication Build(string[] args)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        Configure(builder.Services);
        WebApplication app = builder.Build();
        Map(app);
        return app;
    }

    /// <summary>Registers the settings, the model and the problem-details error responses.</summary>
    public static void Configure(IServiceCollection services)
    {
        services.AddSingleton(provider => ServerSettings.From(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton(provider => ModelHost.Load(provider.GetRequiredService<ServerSettings>().ModelPath));
        services.AddOptions<KestrelServerOptions>().Configure<IServiceProvider>((kestrel, provider) =>
            kestrel.Limits.MaxRequestBodySize = provider.GetRequiredService<ServerSettings>().MaxRequestBytes);
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull);
    }

    /// <summary>Loads the model (so that a bad one stops the start-up, not the first request) and maps the endpoints.</summary>
    /// <exception cref="StartupException">No model is named, or it cannot be loaded.</exception>
    public static void Map(WebApplication app)
    {
        ModelHost model = app.Services.GetRequiredService<ModelHost>();
        app.Logger.LogInformation("Serving {Model} from {Path} with classes {Labels}", model.Network, model.Path, string.Join(' ', model.Labels));

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        PageEndpoints.Map(app);
        app.MapPost("/predict", PredictEndpoint.Handle);
        app.MapGet("/model", (ModelHost host) => Results.Ok(new { name = host.Network.ToString(), inputSize = host.Network.InputSize, labels = host.Labels }));
    }
}
