using NeuralNet.Randomness;

namespace NeuralNet.Initializers;

/// <summary>He normal initialization: <c>w ~ N(0, σ²)</c> with <c>σ = √(2/fan_in)</c>.</summary>
/// <remarks>He et al., "Delving Deep into Rectifiers", 2015: keeps the variance of ReLU activations constant across layers.</remarks>
public sealed class HeInitializer : Initializer
{
    /// <inheritdoc />
    public override string Name => "he";

    /// <inheritdoc />
    public override void InitializeWeights(Span<float> weights, int fanIn, int fanOut, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double sigma = Math.Sqrt(2.0 / fanIn);
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(random.NextGaussian() * sigma);
        }
    }
}
