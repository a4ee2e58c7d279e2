using ScottPlot;

namespace MnistTrainer.Report;

/// <summary>Saves a ScottPlot plot as a PNG file, atomically (see <see cref="Runs.OutputFolder.WriteFile"/>).</summary>
internal static class PngWriter
{
    /// <summary>Renders <paramref name="plot"/> at <paramref name="width"/> × <paramref name="height"/> pixels and writes it to <paramref name="path"/>.</summary>
    public static void Save(Plot plot, int width, int height, string path)
    {
        byte[] png = plot.GetImage(width, height).GetImageBytes(ImageFormat.Png, 100);
        Runs.OutputFolder.WriteFile(path, file => file.Write(png));
    }
}
