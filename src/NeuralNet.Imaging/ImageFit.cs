namespace NeuralNet.Imaging;

/// <summary>How an image is brought to the model's <see cref="ImageInputOptions.Side"/> × <see cref="ImageInputOptions.Side"/> input.</summary>
public enum ImageFit
{
    /// <summary>
    /// MNIST's own layout: the bounding box of the ink is scaled, keeping its aspect ratio, to fit a box of
    /// <see cref="ImageInputOptions.BoxSide"/> (20 of 28), then placed so that its centre of mass is at the centre.
    /// </summary>
    CenterOfMass,

    /// <summary>The whole image is resized to the side, aspect ratio not kept and nothing cropped (for images that are not digits).</summary>
    Stretch,
}
