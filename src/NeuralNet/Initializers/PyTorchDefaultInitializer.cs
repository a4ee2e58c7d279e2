using NeuralNet.Randomness;

namespace NeuralNet.Initializers;

/// <summary>PyTorch's <c>nn.Linear</c> default: weights and biases <c>~ U(−1/√fan_in, 1/√fan_in)</c>.</summary>
/// <remarks>PyTorch writes it as <c>kaiming_uniform_(a=√5)</c>, which works out to this bound; Keras instead defaults to Glorot uniform weights and zero biases.</remarks>
public sealed class PyTorchDefaultInitializer : Initializer
{
    /// <inheritdoc />
    public override string Name => "pytorch";

    /// <inheritdoc />
    public override void InitializeWeights(Span<float> weights, int fanIn, int fanOut, SeededRandom random) =>
        FillUniform(weights, 1.0 / Math.Sqrt(fanIn), random);

    /// <inheritdoc />
    public override void InitializeBiases(Span<float> biases, int fanIn, SeededRandom random) =>
        FillUniform(biases, 1.0 / Math.Sqrt(fanIn), random);

    private static void FillUniform(Span<float> values, double bound, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(((2 * random.NextDouble()) - 1) * bound);
        }
    }
}
