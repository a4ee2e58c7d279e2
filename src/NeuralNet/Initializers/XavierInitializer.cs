using NeuralNet.Randomness;

namespace NeuralNet.Initializers;

/// <summary>Xavier (Glorot) uniform initialization: <c>w ~ U(−r, r)</c> with <c>r = √(6/(fan_in + fan_out))</c>.</summary>
/// <remarks>Glorot and Bengio, "Understanding the difficulty of training deep feedforward neural networks", 2010.</remarks>
public sealed class XavierInitializer : Initializer
{
    /// <inheritdoc />
    public override string Name => "xavier";

    /// <inheritdoc />
    public override void InitializeWeights(Span<float> weights, int fanIn, int fanOut, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double r = Math.Sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(((2 * random.NextDouble()) - 1) * r);
        }
    }
}
