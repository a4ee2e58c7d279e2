using NeuralNet;

namespace DigitServer;

/// <summary>The names the server reports for a model's classes.</summary>
internal static class ClassLabels
{
    /// <summary>The label of every class of <paramref name="network"/>, index by index: the model file's class names (<c>--class-names</c> at training, a table's string labels), else the indices "0" … "k−1" (MNIST's digits).</summary>
    /// <remarks>The page shows them as text (<c>textContent</c>), never as markup, so a name holds no danger there.</remarks>
    public static IReadOnlyList<string> For(Network network) => network.ClassNames ?? Indices(network.OutputSize);

    private static string[] Indices(int count) =>
        Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
