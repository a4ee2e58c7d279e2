using System.Reflection;

namespace DigitServer;

/// <summary>Serves the drawing page (HTML, script, style) from the files embedded in the assembly.</summary>
/// <remarks>Embedded, the page is there however the server is started (<c>dotnet run</c>, a published folder, a test host) and needs no build step.</remarks>
internal static class PageEndpoints
{
    private static readonly (string Path, string Resource, string ContentType)[] _files =
    [
        ("/", "Page/index.html", "text/html; charset=utf-8"),
        ("/index.html", "Page/index.html", "text/html; charset=utf-8"),
        ("/app.js", "Page/app.js", "text/javascript; charset=utf-8"),
        ("/style.css", "Page/style.css", "text/css; charset=utf-8"),
    ];

    public static void Map(WebApplication app)
    {
        Assembly assembly = typeof(PageEndpoints).Assembly;
        foreach ((string path, string resource, string contentType) in _files)
        {
            byte[] content = Read(assembly, resource);
            app.MapGet(path, () => Results.Bytes(content, contentType));
        }
    }

    private static byte[] Read(Assembly assembly, string resource)
    {
        using Stream stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The page file {resource} is not embedded in {assembly.GetName().Name}; check the EmbeddedResource item of DigitServer.csproj.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
