using NeuralNet;
using NeuralNet.Imaging;
using NeuralNet.Serialization;

namespace DigitServer;

/// <summary>The model the server answers with, loaded once at start-up and shared by every request.</summary>
/// <remarks><see cref="Network.PredictProbabilities(ReadOnlySpan{float})"/> is thread-safe, so requests predict concurrently without a lock.</remarks>
public sealed class ModelHost
{
    private const int TopCount = 3;

    private ModelHost(Network network, string path)
    {
        Network = network;
        Path = path;
        Labels = ClassLabels.For(network);
        ImageOptions = ImageInputOptions.ForInputSize(network.InputSize);
    }

    /// <summary>The network.</summary>
    public Network Network { get; }

    /// <summary>The model file's full path.</summary>
    public string Path { get; }

    /// <summary>The label of every class, index by index.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>How uploaded images are preprocessed: MNIST's layout at the model's input side.</summary>
    public ImageInputOptions ImageOptions { get; }

    /// <summary>Loads the model at <paramref name="path"/>.</summary>
    /// <exception cref="StartupException">The file is missing, is not a model file, or the model's input is not a square image.</exception>
    public static ModelHost Load(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new StartupException($"--model {path}: no such file ({full}).");
        }

        Network network;
        try
        {
            network = Network.Load(full);
        }
        catch (Exception e) when (e is InvalidModelFileException or IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"--model {path} cannot be loaded: {e.Message}", e);
        }

        try
        {
            return new ModelHost(network, full);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new StartupException($"--model {path} is {network}, which does not take an image: {e.Message}", e);
        }
    }

    /// <summary>Predicts one sample of raw values (0–255 pixels, row by row).</summary>
    /// <param name="pixels">Exactly <c>Network.InputSize</c> values.</param>
    /// <param name="includeInput">Whether to echo the input in the answer.</param>
    public Prediction Predict(float[] pixels, bool includeInput)
    {
        float[] probabilities = Network.PredictProbabilities(pixels);
        int[] order = Enumerable.Range(0, probabilities.Length).OrderByDescending(i => probabilities[i]).ThenBy(i => i).ToArray();
        ClassProbability[] top = order.Take(TopCount).Select(i => new ClassProbability(Labels[i], i, probabilities[i])).ToArray();
        return new Prediction(top[0].Label, top[0].Index, top[0].Probability, top, includeInput ? pixels : null);
    }
}
