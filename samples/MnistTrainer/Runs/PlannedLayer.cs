using System.Globalization;
using MnistTrainer.Options;
using NeuralNet.Layers;

namespace MnistTrainer.Runs;

/// <summary>One layer of a <see cref="NetworkPlan"/>: what <c>--layers</c> asked for and the sizes it will have, computed in 64 bits before anything exists.</summary>
/// <param name="Spec">The item of <c>--layers</c> (the output layer is a dense item of the class count).</param>
/// <param name="Item">Its place in <c>--layers</c>, from 1; 0 for the output layer.</param>
/// <param name="Input">The shape each sample has on the way in.</param>
/// <param name="Output">The shape each sample has on the way out.</param>
/// <param name="Weights">The values of its largest parameter (a weight matrix): one array must hold them.</param>
/// <param name="Parameters">All its trainable values.</param>
/// <param name="Columns">The values of the largest scratch matrix one thread needs per sample (a convolution's lowered input, K × P); 0 for other layers.</param>
internal readonly record struct PlannedLayer(LayerSpec Spec, int Item, SampleShape Input, SampleShape Output, long Weights, long Parameters, long Columns)
{
    /// <summary>The layer for messages: <c>item 3 (conv:64x5)</c>, or <c>the layer 784→256</c> for a dense one.</summary>
    public string Describe() => Spec.Kind == LayerKind.Dense
        ? string.Create(CultureInfo.InvariantCulture, $"the layer {Input.Size:N0}→{Output.Size:N0}")
        : $"item {Item} ({Spec})";
}
