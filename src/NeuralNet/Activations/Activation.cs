using MathNet.Numerics.LinearAlgebra;

namespace NeuralNet.Activations;

/// <summary>The nonlinearity a = g(z) of a layer, with its derivative.</summary>
/// <remarks>
/// <para>Matrices are units × m, one sample per column. Most activations act elementwise; <see cref="Softmax"/> acts on each column.</para>
/// <para>Both methods accept their output aliasing an input, so a layer can work in place.</para>
/// </remarks>
public abstract class Activation
{
    /// <summary>The name used in <see cref="object.ToString"/>, model files and the command line, such as <c>ReLU</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Computes <c>a = g(z)</c>.</summary>
    /// <param name="z">The pre-activations Z.</param>
    /// <param name="a">Receives the activations A; may be <paramref name="z"/>.</param>
    public abstract void Forward(Matrix<float> z, Matrix<float> a);

    /// <summary>Computes dZ from dA: <c>dZ = dA ⊙ g′(z)</c>, or the Jacobian-vector product for activations that couple a column.</summary>
    /// <param name="z">The pre-activations Z seen in the forward pass.</param>
    /// <param name="a">The activations A computed from them.</param>
    /// <param name="outputGradient">dLoss/dA.</param>
    /// <param name="inputGradient">Receives dLoss/dZ; may be <paramref name="outputGradient"/>.</param>
    public abstract void Backward(Matrix<float> z, Matrix<float> a, Matrix<float> outputGradient, Matrix<float> inputGradient);

    /// <summary>Returns <see cref="Name"/>.</summary>
    public override string ToString() => Name;

    /// <summary>Finds an activation by its name as written by <see cref="Name"/> or on the command line (<c>relu</c>, <c>leaky-relu</c>, <c>softmax</c>, ...).</summary>
    /// <exception cref="ArgumentException">No activation has that name.</exception>
    public static Activation FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToUpperInvariant() switch
        {
            "RELU" => new Relu(),
            "LEAKYRELU" => new LeakyRelu(),
            "SIGMOID" => new Sigmoid(),
            "TANH" => new Tanh(),
            "SOFTMAX" => new Softmax(),
            "IDENTITY" or "LINEAR" or "NONE" => new Identity(),
            _ when name.StartsWith("LeakyReLU(", StringComparison.OrdinalIgnoreCase) => LeakyRelu.Parse(name),
            _ => throw new ArgumentException(
                $"Unknown activation '{name}'; expected one of relu, leaky-relu, sigmoid, tanh, softmax, identity.", nameof(name)),
        };
    }
}
