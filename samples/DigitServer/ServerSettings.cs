namespace DigitServer;

/// <summary>The server's settings, from configuration: the command line (<c>--model path</c>), environment or <c>appsettings.json</c>.</summary>
public sealed class ServerSettings
{
    /// <summary>The configuration key of the model file (<c>--model</c> on the command line).</summary>
    public const string ModelKey = "model";

    /// <summary>The configuration key of the request size limit (<c>--max-request-bytes</c>).</summary>
    public const string MaxRequestBytesKey = "max-request-bytes";

    /// <summary>The default request size limit: 1 MiB, twenty times a 280 × 280 canvas as PNG.</summary>
    public const long DefaultMaxRequestBytes = 1 << 20;

    /// <summary>The model file to serve.</summary>
    public required string ModelPath { get; init; }

    /// <summary>The largest request body accepted, in bytes; larger ones get 413.</summary>
    public long MaxRequestBytes { get; init; } = DefaultMaxRequestBytes;

    /// <summary>Reads the settings from <paramref name="configuration"/>.</summary>
    /// <exception cref="StartupException">No model is named, or the size limit is not a positive number.</exception>
    public static ServerSettings From(IConfiguration configuration)
    {
        string? model = configuration[ModelKey];
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new StartupException("no model file given; start it with --model path/to/model.nnet (for instance a run's runs/<timestamp>/model.nnet from 'MnistTrainer train').");
        }

        long limit = DefaultMaxRequestBytes;
        if (configuration[MaxRequestBytesKey] is { } text && (!long.TryParse(text, out limit) || limit < 1))
        {
            throw new StartupException($"--{MaxRequestBytesKey} {text} is not a positive number of bytes.");
        }

        return new ServerSettings { ModelPath = model, MaxRequestBytes = limit };
    }
}
