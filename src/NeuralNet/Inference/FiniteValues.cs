using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using NeuralNet.Compute;
using NeuralNet.Layers;

namespace NeuralNet.Inference;

/// <summary>What prediction does with NaN and infinities: refuses them in the inputs, and names the parameter when finite inputs give non-finite outputs.</summary>
/// <remarks>
/// A NaN feature would otherwise come out as a class "predicted" with probability NaN (argmax takes the first NaN), which
/// looks like an answer. The inputs are checked before the inference pass (one vectorised pass, a few nanoseconds for an
/// MNIST sample), or, for a batch entering a dense layer, on that layer's pre-activations, where every NaN or infinite
/// feature shows in its whole column at a fraction of the reads (<see cref="Predictor"/>). The outputs are checked after
/// it, which catches a model whose parameters are NaN or infinite (a model file keeps them exactly, as it keeps every
/// bit) and inputs so far outside the training range that the products overflow.
/// </remarks>
internal static class FiniteValues
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the first sample and feature that is NaN or infinite.</summary>
    /// <param name="values">The raw inputs, one sample of <paramref name="features"/> values after another.</param>
    /// <param name="features">Features per sample.</param>
    /// <param name="network">The network, for the message.</param>
    /// <param name="parameterName">The argument the inputs came in.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RequireInputs(ReadOnlySpan<float> values, int features, string network, string parameterName)
    {
        if (!Elementwise.AllFinite(values))
        {
            throw NonFiniteInput(values, features, network, parameterName);
        }
    }

    /// <summary>Throws an <see cref="InvalidOperationException"/> when an output is NaN or infinite, naming the first non-finite parameter, if any.</summary>
    /// <param name="outputs">The outputs, one sample of <paramref name="outputCount"/> values after another.</param>
    /// <param name="outputCount">Outputs per sample.</param>
    /// <param name="layers">The layers the outputs went through.</param>
    /// <param name="network">The network, for the message.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RequireOutputs(ReadOnlySpan<float> outputs, int outputCount, IReadOnlyList<Layer> layers, string network)
    {
        if (!Elementwise.AllFinite(outputs))
        {
            throw NonFiniteOutput(outputs, outputCount, layers, network);
        }
    }

    // The messages are built apart, compiled only when one is thrown (see the remarks of Elementwise).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException NonFiniteInput(ReadOnlySpan<float> values, int features, string network, string parameterName)
    {
        int at = Elementwise.IndexOfNonFinite(values);
        return new ArgumentException(
            string.Create(
                CultureInfo.InvariantCulture,
                $"Sample {at / features} has {Describe(values[at])} at feature {at % features}; {network} predicts from finite values only (fill in or drop missing values first)."),
            parameterName);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static InvalidOperationException NonFiniteOutput(ReadOnlySpan<float> outputs, int outputCount, IReadOnlyList<Layer> layers, string network)
    {
        int sample = Elementwise.IndexOfNonFinite(outputs) / outputCount;
        for (int i = 0; i < layers.Count; i++)
        {
            foreach (Parameter parameter in layers[i].Parameters)
            {
                ReadOnlySpan<float> values = parameter.ValueSpan;
                if (!Elementwise.AllFinite(values))
                {
                    int at = Elementwise.IndexOfNonFinite(values);
                    return new InvalidOperationException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{network} computed a non-finite output for sample {sample} because parameter {parameter} of layer {i} ({layers[i]}) holds {Describe(values[at])} at index {at}: the model is damaged, or its training diverged."));
                }
            }
        }

        return new InvalidOperationException(string.Create(
            CultureInfo.InvariantCulture,
            $"{network} computed a non-finite output for sample {sample} from finite inputs and parameters: the products overflowed, so the inputs are far outside the range the model was trained on (check their scaling)."));
    }

    private static string Describe(float value) => float.IsNaN(value) ? "NaN" : value > 0 ? "+infinity" : "-infinity";
}
