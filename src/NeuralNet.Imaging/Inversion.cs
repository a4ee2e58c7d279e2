namespace NeuralNet.Imaging;

/// <summary>Whether an image's gray levels are inverted so that ink is bright on a dark background, as in MNIST.</summary>
public enum Inversion
{
    /// <summary>Inverted when the background is light: when the median of the border pixels is above mid-gray (127.5).</summary>
    Auto,

    /// <summary>Always inverted (dark ink on a light background, such as a scan).</summary>
    Always,

    /// <summary>Never inverted (already bright ink on a dark background, such as MNIST).</summary>
    Never,
}
