using NeuralNet.Randomness;

namespace NeuralNet.Initializers;

/// <summary>Chooses the starting weights and biases of a dense layer.</summary>
/// <remarks>Weights are out × in (fan-out × fan-in). Biases start at zero unless an initializer says otherwise.</remarks>
public abstract class Initializer
{
    /// <summary>He (Kaiming) normal: N(0, 2/fan_in); the usual choice for ReLU.</summary>
    public static Initializer He { get; } = new HeInitializer();

    /// <summary>Xavier (Glorot) uniform: U(±√(6/(fan_in + fan_out))); the usual choice for tanh and sigmoid.</summary>
    public static Initializer Xavier { get; } = new XavierInitializer();

    /// <summary>The tutorials' small uniform: U(0, 1)·0.01.</summary>
    public static Initializer SmallUniform { get; } = new SmallUniformInitializer();

    /// <summary>PyTorch's <c>nn.Linear</c> default: weights and biases U(±1/√fan_in).</summary>
    public static Initializer PyTorchDefault { get; } = new PyTorchDefaultInitializer();

    /// <summary>The name used on the command line and in <see cref="object.ToString"/>: <c>he</c>, <c>xavier</c>, ...</summary>
    public abstract string Name { get; }

    /// <summary>Fills the weights of a layer with <paramref name="fanIn"/> inputs and <paramref name="fanOut"/> units.</summary>
    public abstract void InitializeWeights(Span<float> weights, int fanIn, int fanOut, SeededRandom random);

    /// <summary>Fills the biases; zeros unless overridden.</summary>
    public virtual void InitializeBiases(Span<float> biases, int fanIn, SeededRandom random) => biases.Clear();

    /// <summary>Returns <see cref="Name"/>.</summary>
    public override string ToString() => Name;

    /// <summary>Finds an initializer by name: <c>he</c>, <c>xavier</c>, <c>uniform</c> (the small uniform) or <c>pytorch</c>.</summary>
    /// <exception cref="ArgumentException">No initializer has that name.</exception>
    public static Initializer FromName(string name) =>
        name?.ToUpperInvariant() switch
        {
            "HE" or "KAIMING" => He,
            "XAVIER" or "GLOROT" => Xavier,
            "UNIFORM" or "SMALL-UNIFORM" or "SMALLUNIFORM" => SmallUniform,
            "PYTORCH" or "PYTORCH-DEFAULT" => PyTorchDefault,
            _ => throw new ArgumentException($"Unknown initializer '{name}'; expected he, xavier, uniform or pytorch.", nameof(name)),
        };
}
