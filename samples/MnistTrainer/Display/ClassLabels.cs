using NeuralNet;

namespace MnistTrainer.Display;

/// <summary>What the console and the pictures call a model's classes: their names (from <c>--class-names</c>, a table's labels or the model file), else their numbers.</summary>
/// <remarks>Names come from files and command lines, so they are made safe to print (<see cref="ErrorReport.Safe"/>: control characters and escape sequences shown escaped, long names cut).</remarks>
internal static class ClassLabels
{
    /// <summary>The most characters of a name in a table's column header or a picture's axis.</summary>
    public const int ShortLength = 12;

    /// <summary>The label of every class of <paramref name="network"/>, index by index.</summary>
    public static string[] Of(Network network) => [.. Enumerable.Range(0, network.OutputSize).Select(i => ErrorReport.Safe(network.ClassName(i)))];

    /// <summary>The labels of <paramref name="count"/> numbered classes, <c>0</c> to <c>count − 1</c>.</summary>
    public static string[] Numbers(int count) => [.. Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary><paramref name="label"/> cut to <see cref="ShortLength"/> characters, with an ellipsis when it was longer.</summary>
    public static string Short(string label) => label.Length <= ShortLength ? label : string.Concat(label.AsSpan(0, ShortLength - 1), "…");
}
