using NeuralNet.Randomness;

namespace NeuralNet.Initializers;

/// <summary>Leaves a new layer's parameters at zero, for layers whose values are about to be read from a file.</summary>
/// <remarks>Drawing 1.3 million Gaussian weights only to overwrite them would cost more than the whole load.</remarks>
internal sealed class NoInitializer : Initializer
{
    /// <summary>The one instance.</summary>
    public static NoInitializer Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => "none";

    /// <inheritdoc />
    public override void InitializeWeights(Span<float> weights, int fanIn, int fanOut, SeededRandom random)
    {
    }

    /// <inheritdoc />
    public override void InitializeBiases(Span<float> biases, int fanIn, SeededRandom random)
    {
    }
}
