using NeuralNet.Randomness;

namespace NeuralNet.Initializers;

/// <summary>The tutorials' initialization: <c>w ~ U(0, 1)·0.01</c>, biases zero.</summary>
/// <remarks>Fine for one small hidden layer; deeper ReLU networks learn far faster from <see cref="HeInitializer"/>.</remarks>
public sealed class SmallUniformInitializer : Initializer
{
    /// <inheritdoc />
    public override string Name => "uniform";

    /// <inheritdoc />
    public override void InitializeWeights(Span<float> weights, int fanIn, int fanOut, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = random.NextSingle() * 0.01f;
        }
    }
}
