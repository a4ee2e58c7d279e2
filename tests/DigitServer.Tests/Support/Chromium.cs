using Microsoft.Playwright;

namespace DigitServer.Tests.Support;

/// <summary>Debian's Chromium (<c>/usr/bin/chromium</c>, installed by <c>.ci/run</c>) driven by Playwright; no browser is downloaded.</summary>
public sealed class Chromium : IAsyncDisposable
{
    /// <summary>Where Debian's package puts the browser.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly string _profile;

    private Chromium(IPlaywright playwright, IBrowserContext context, string profile)
    {
        _playwright = playwright;
        Context = context;
        _profile = profile;
    }

    /// <summary>The browser's one context, on a fresh profile.</summary>
    public IBrowserContext Context { get; }

    /// <summary>Starts headless Chromium on a fresh profile folder, with nothing that reaches the network by itself.</summary>
    public static async Task<Chromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: install Debian's browser with 'apt-get install -y chromium' (.ci/run does).");
        }

        string profile = Directory.CreateTempSubdirectory("digitserver-chromium-").FullName;
        IPlaywright playwright = await Playwright.CreateAsync();
        IBrowserContext context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,

            // As root Chromium needs --no-sandbox; the rest keep it from calling home (there is no network here).
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            ViewportSize = new ViewportSize { Width = 760, Height = 560 },
        });
        return new Chromium(playwright, context, profile);
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        _playwright.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // The browser may still hold a file for a moment: the temporary folder is cleaned by the system later.
        }
    }
}
