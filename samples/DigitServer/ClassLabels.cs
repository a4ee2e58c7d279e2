using NeuralNet;

namespace DigitServer;

/// <summary>The names the server reports for a model's classes.</summary>
internal static class ClassLabels
{
    /// <summary>The label of every class of <paramref name="network"/>, index by index.</summary>
    /// <remarks>
    /// Model files do not carry class names yet, so the labels are the indices "0" … "k−1" (MNIST's digits). When
    /// <c>Network.ClassNames</c> arrives, this becomes <c>network.ClassNames ?? Indices(network.OutputSize)</c>.
    /// </remarks>
    public static IReadOnlyList<string> For(Network network) => Indices(network.OutputSize);

    private static string[] Indices(int count) =>
        Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
