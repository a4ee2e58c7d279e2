namespace NeuralNet.Tests.Architecture;

/// <summary>Keeps the library's layers one-way: a namespace uses only namespaces of lower layers (docs/architecture.md draws them).</summary>
public sealed class DependencyTests
{
    /// <summary>The layers, bottom first: a namespace may use its own types and those of any lower layer, never one of its own layer or above.</summary>
    internal static readonly string[][] Layers =
    [
        ["NeuralNet.Compute", "NeuralNet.IO", "NeuralNet.Randomness"],
        ["NeuralNet.Activations", "NeuralNet.Initializers", "NeuralNet.Preprocessing", "NeuralNet.Schedules"],
        ["NeuralNet.Losses", "NeuralNet.Layers"],
        ["NeuralNet.Optimizers", "NeuralNet.Inference"],
        ["NeuralNet"],
        ["NeuralNet.Data", "NeuralNet.Serialization", "NeuralNet.Serialization.Onnx"],
        ["NeuralNet.Training"],
    ];

    [Fact]
    public void Library_EveryTypeReference_PointsToALowerLayer()
    {
        string[] violations = Violations(Layers);

        violations.Should().BeEmpty("each namespace may only use namespaces of the layers below it (see docs/architecture.md)");
    }

    [Fact]
    public void Library_EveryNamespace_HasItsPlaceInTheLayers()
    {
        string[] namespaces = [.. References().SelectMany(e => new[] { e.User, e.Used }).Select(TypeReferences.NamespaceOf).Distinct()];

        namespaces.Where(ns => LayerOf(Layers, ns) < 0).Should().BeEmpty("a new namespace needs a place in the layer diagram");
    }

    [Fact]
    public void Check_OnADiagramWithLayersAboveTraining_ReportsTheirUpwardReferences()
    {
        // The negative control: with Layers moved to the top, every layer's use of the network below it is upward.
        string[][] upsideDown = [.. Layers.Select(l => l.Where(ns => ns != "NeuralNet.Layers").ToArray()).Where(l => l.Length > 0), ["NeuralNet.Layers"]];

        string[] violations = Violations(upsideDown);

        violations.Should().Contain(v => v.StartsWith("NeuralNet.Network (NeuralNet) uses NeuralNet.Layers.", StringComparison.Ordinal));
        violations.Should().Contain(v => v.StartsWith("NeuralNet.Training.", StringComparison.Ordinal) && v.Contains("uses NeuralNet.Layers.", StringComparison.Ordinal));
    }

    private static string[] Violations(string[][] layers) =>
    [
        .. References()
            .Select(e => (e.User, e.Used, From: TypeReferences.NamespaceOf(e.User), To: TypeReferences.NamespaceOf(e.Used)))
            .Where(e => e.From != e.To && LayerOf(layers, e.To) >= LayerOf(layers, e.From))
            .Select(e => $"{e.User} ({e.From}) uses {e.Used} ({e.To}), which is not below it")
            .Order(StringComparer.Ordinal),
    ];

    private static IReadOnlySet<(string User, string Used)> References() =>
        TypeReferences.Read(typeof(Network).Assembly.Location);

    private static int LayerOf(string[][] layers, string ns) => Array.FindIndex(layers, l => l.Contains(ns));
}
