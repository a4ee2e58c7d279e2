using ScottPlot;
using SkiaSharp;

namespace MnistTrainer.Report;

/// <summary>The typeface of the PNG charts, DejaVu Sans, shipped inside the program rather than looked up on the machine.</summary>
/// <remarks>
/// Skia's Linux build without dependencies finds no font on a machine that has none installed (a fresh Debian has none),
/// and ScottPlot then draws every label as nothing, silently. So the charts carry their own: DejaVu Sans and its bold,
/// cut down to the characters charts use (see <c>Fonts/LICENSE.txt</c>), embedded as resources and handed to ScottPlot
/// through a font resolver that answers before the system's.
/// </remarks>
internal sealed class ChartFonts : IFontResolver
{
    /// <summary>The family name the charts ask for.</summary>
    public const string Family = "DejaVu Sans";

    private static readonly Lazy<ChartFonts> _installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly SKTypeface _regular;
    private readonly SKTypeface _bold;

    private ChartFonts(SKTypeface regular, SKTypeface bold)
    {
        _regular = regular;
        _bold = bold;
    }

    /// <summary>Registers the shipped typefaces with ScottPlot (once per process) and makes them the default.</summary>
    public static void EnsureInstalled() => _ = _installed.Value;

    /// <inheritdoc/>
    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
        string.Equals(fontName, Family, StringComparison.OrdinalIgnoreCase) ? (bold ? _bold : _regular) : null;

    /// <inheritdoc/>
    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
        CreateTypeface(fontName, weight >= FontWeight.SemiBold, italic: false);

    private static ChartFonts Install()
    {
        var fonts = new ChartFonts(Load("DejaVuSans-Subset.ttf"), Load("DejaVuSans-Bold-Subset.ttf"));
        Fonts.FontResolvers.Insert(0, fonts);
        Fonts.Default = Family;
        return fonts;
    }

    private static SKTypeface Load(string file)
    {
        string resource = $"Report/Fonts/{file}";
        using Stream stream = typeof(ChartFonts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The chart font {resource} is not embedded in the program; check MnistTrainer.csproj.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"The chart font {resource} cannot be read by Skia.");
    }
}
