using NeuralNet.Activations;
using NeuralNet.Layers;
using NeuralNet.Preprocessing;
using NeuralNet.Serialization;

namespace NeuralNet.Fuzz.Targets;

/// <summary>Model files: <see cref="ModelFile.Load(Stream)"/> on the input re-sealed (<see cref="Container.Seal"/>), so that mutations reach the body's parser.</summary>
/// <remarks>A file that loads must save to a file that loads and saves to the same bytes again: what was read is what a model file can say.</remarks>
internal sealed class ModelTarget : FuzzTarget
{
    /// <inheritdoc />
    public override string Name => "model";

    /// <inheritdoc />
    public override string Reads => "Network.Load(Stream) on re-sealed model files, then a save and load round trip";

    /// <summary>Networks that use every part of the format: each activation, dropout, every kind of scaling, class and feature names.</summary>
    public static IEnumerable<(string Name, Network Network)> Networks()
    {
        yield return ("dense-3-2.nnm", Network.Create([3, 2], seed: 1));

        Network named = Network.Create([4, 5, 3], new LeakyRelu(0.2f), seed: 2, dropout: 0.25f);
        named.InputScaling = InputScaling.Standardize([0f, 1f, -2f, 0.5f], [1f, 2f, 0.25f, 4f]);
        named.ClassNames = ["cat", "dog", "élan"];
        named.FeatureNames = ["height", "weight", "age", "x"];
        yield return ("dropout-names-standardized.nnm", named);

        var mixed = new Network(
            new DenseLayer(2, 3, new Tanh()),
            new Dropout(3, 0.5f, seed: 7),
            new DenseLayer(3, 3, new Sigmoid()),
            new DenseLayer(3, 1, new Identity())) { InputScaling = InputScaling.UnitRange };
        yield return ("tanh-sigmoid-identity.nnm", mixed);

        Network classes = Network.Create([2, 2], new Relu(), new Softmax(), seed: 3);
        classes.InputScaling = InputScaling.Affine("affine", [0.5f, 2f], [1f, -1f]);
        classes.ClassNames = ["no", "yes"];
        yield return ("classes-affine.nnm", classes);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, byte[] Bytes)> Seeds() => Networks().Select(n => (n.Name, Bytes(n.Network)));

    /// <summary>The bytes of <paramref name="network"/>'s model file.</summary>
    public static byte[] Bytes(Network network)
    {
        using var stream = new MemoryStream();
        network.Save(stream);
        return stream.ToArray();
    }

    /// <inheritdoc />
    protected override byte[] Prepare(byte[] input) => Container.Seal(input);

    /// <inheritdoc />
    protected override bool IsDocumented(Exception exception) => exception is InvalidModelFileException;

    /// <inheritdoc />
    protected override void Read(byte[] file)
    {
        Network network = Network.Load(new MemoryStream(file));
        byte[] saved = Bytes(network);
        Network again;
        try
        {
            again = Network.Load(new MemoryStream(saved));
        }
        catch (InvalidModelFileException ex)
        {
            throw new FuzzFindingException($"{Name}: the save of a loaded network does not load: {ex.Message}", ex);
        }

        Expect(Bytes(again).AsSpan().SequenceEqual(saved), "a loaded network saved, loaded and saved again gives other bytes.");
        Expect(again.ToString() == network.ToString(), $"{network} loads back as {again}.");
    }
}
