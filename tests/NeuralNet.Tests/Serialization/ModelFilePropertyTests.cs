using CsCheck;
using NeuralNet.Activations;
using NeuralNet.Layers;
using NeuralNet.Preprocessing;
using NeuralNet.Randomness;
using NeuralNet.Serialization;

namespace NeuralNet.Tests.Serialization;

/// <summary>Property tests of the model-file codec: generated networks round-trip bit for bit, and every mutation of their files either loads to a network whose save is a fixed point or throws <see cref="InvalidModelFileException"/>, within bounded memory and time.</summary>
/// <remarks>Case counts: <see cref="PropertyRuns"/>. The fuzz harness (tests/NeuralNet.Fuzz, target <c>model</c>) searches the same space with coverage feedback.</remarks>
public sealed class ModelFilePropertyTests
{
    private static readonly Gen<string> Name = Gen.Char["abcxyz_- .éß猫"].Array[1, 6].Select(chars => new string(chars));

    private static readonly Gen<LayerSpec> Layer =
        Gen.Select(Gen.Int[1, 6], Gen.Int[0, 5], Gen.Float[0.001f, 0.9f], Gen.Float[0f, 0.95f], Gen.Bool)
            .Select((outputs, activation, slope, rate, dropout) => new LayerSpec(outputs, activation, slope, dropout ? rate : null));

    /// <summary>Networks of one to three dense layers of 1-6 units, every activation, dropout between them, every kind of input scaling, with and without class and feature names.</summary>
    internal static Gen<NetworkSpec> Networks { get; } =
        Gen.Select(Gen.Int[1, 6], Layer.Array[1, 3], Gen.Int[0, 4], Gen.Float[0.1f, 5f].Array[12], Gen.Bool, Gen.Bool, Name, Gen.Int)
            .Select((inputs, layers, scaling, factors, classNames, featureNames, name, seed) =>
                new NetworkSpec(inputs, layers, scaling, factors, classNames ? name : null, featureNames ? name : null, seed));

    [Fact]
    public void SaveThenLoad_GeneratedNetworks_RestoreEveryPartBitForBit()
    {
        Networks.Sample(spec =>
        {
            Network network = spec.Build();
            byte[] file = TestModels.Bytes(network);

            Network loaded = Network.Load(new MemoryStream(file));

            Describe(loaded).Should().Be(Describe(network));
            TestModels.ParameterBits(loaded).Should().Equal(TestModels.ParameterBits(network));
            TestModels.Bits(loaded.InputScaling.Scale).Should().Equal(TestModels.Bits(network.InputScaling.Scale));
            TestModels.Bits(loaded.InputScaling.Shift).Should().Equal(TestModels.Bits(network.InputScaling.Shift));
            loaded.ClassNames.Should().BeEquivalentTo(network.ClassNames, o => o.WithStrictOrdering());
            loaded.FeatureNames.Should().BeEquivalentTo(network.FeatureNames, o => o.WithStrictOrdering());
            TestModels.Bytes(loaded).Should().Equal(file, "a loaded network saves to the file it was loaded from");
            FileLayout.Model(file).Fields[^1].Offset.Should().Be(file.Length - 4, "the file is laid out as docs/model-format.md says");
        }, iter: PropertyRuns.Iterations(150));
    }

    [Fact]
    public void Load_MutatedFiles_LoadToAFixedPointOrThrowTheDocumentedException()
    {
        Gen.Select(Networks, FileMutation.Any).Sample((spec, mutation) =>
        {
            byte[] valid = TestModels.Bytes(spec.Build());
            byte[] file = mutation.Apply(valid, FileLayout.Model(valid));

            (Network? loaded, Exception? error) = PropertyRuns.Bounded(file.Length, () => Network.Load(new MemoryStream(file)));

            if (error is not null)
            {
                error.Should().BeOfType<InvalidModelFileException>($"a damaged model file is refused with the documented exception, not {error}");
                error.Message.Should().StartWith("The stream cannot be loaded as a NeuralNet model");
                return;
            }

            byte[] saved = TestModels.Bytes(loaded!);
            Network again = Network.Load(new MemoryStream(saved));
            TestModels.Bytes(again).Should().Equal(saved, "what a model file says is what its save says again");
            Describe(again).Should().Be(Describe(loaded!));
            if (mutation.Kind == 0)
            {
                saved.Should().Equal(valid);
            }
        }, iter: PropertyRuns.Iterations(600));
    }

    [Fact]
    public void Load_MutatedFiles_OfAllKindsAreRefusedSometimes()
    {
        // The property above must see refusals of every kind, or its mutations would be too gentle to prove anything.
        var reasons = new HashSet<string>(StringComparer.Ordinal);
        Gen.Select(Networks, FileMutation.Any).Sample((spec, mutation) =>
        {
            byte[] valid = TestModels.Bytes(spec.Build());
            try
            {
                Network.Load(new MemoryStream(mutation.Apply(valid, FileLayout.Model(valid))));
            }
            catch (InvalidModelFileException ex)
            {
                string reason = ex.Message.Contains("checksum", StringComparison.Ordinal) ? "checksum"
                    : ex.Message.Contains("truncated", StringComparison.Ordinal) ? "truncated"
                    : ex.Message.Contains("do not fit", StringComparison.Ordinal) ? "sizes"
                    : "other";
                lock (reasons)
                {
                    reasons.Add(reason);
                }
            }
        }, iter: 300);
        reasons.Should().BeEquivalentTo(["checksum", "truncated", "sizes", "other"]);
    }

    /// <summary>The architecture as text, layer by layer, with each layer's exact settings.</summary>
    internal static string Describe(Network network) =>
        string.Join(
            " | ",
            network.Layers.Select(layer => layer switch
            {
                DenseLayer dense => $"dense {dense.InputSize}->{dense.OutputSize} {dense.Activation.Name}",
                Dropout dropout => $"dropout {dropout.InputSize} {BitConverter.SingleToInt32Bits(dropout.Rate):X8}",
                _ => layer.ToString() ?? "",
            }))
        + $" | scaling {network.InputScaling.Kind}";

    /// <summary>One dense layer: its outputs, activation (an index of <see cref="NetworkSpec.Activation"/>), LeakyReLU slope, and the dropout rate after it (if any and not the last).</summary>
    internal sealed record LayerSpec(int Outputs, int Activation, float Slope, float? Dropout);

    /// <summary>A generated network: its inputs, layers, scaling kind (index) with its factors, the seed of its parameters, and the text its names are made from.</summary>
    internal sealed record NetworkSpec(int Inputs, LayerSpec[] Layers, int Scaling, float[] Factors, string? ClassNames, string? FeatureNames, int Seed)
    {
        /// <summary>Builds the network, its parameters drawn from every finite float32 (subnormals and −0 included).</summary>
        public Network Build()
        {
            var layers = new List<Layer>();
            int features = Inputs;
            for (int i = 0; i < Layers.Length; i++)
            {
                LayerSpec spec = Layers[i];
                layers.Add(new DenseLayer(features, spec.Outputs, Activation(spec)));
                features = spec.Outputs;
                if (spec.Dropout is float rate && i < Layers.Length - 1)
                {
                    layers.Add(new Dropout(features, rate, Seed));
                }
            }

            var network = new Network(layers) { InputScaling = ScalingFor(Inputs) };
            var random = new SeededRandom(Seed);
            foreach (Parameter parameter in network.Parameters)
            {
                Span<float> values = parameter.ValueSpan;
                for (int i = 0; i < values.Length; i++)
                {
                    // Arbitrary bits, the exponent's top bit cleared when they make a NaN or an infinity.
                    uint bits = (uint)random.NextUInt64();
                    values[i] = float.IsFinite(BitConverter.UInt32BitsToSingle(bits)) ? BitConverter.UInt32BitsToSingle(bits) : BitConverter.UInt32BitsToSingle(bits & 0xBFFFFFFF);
                }
            }

            network.ClassNames = ClassNames is null ? null : [.. Enumerable.Range(0, network.OutputSize).Select(i => $"{ClassNames}{i}")];
            network.FeatureNames = FeatureNames is null ? null : [.. Enumerable.Range(0, Inputs).Select(i => $"{FeatureNames}")];
            return network;
        }

        private static Activation Activation(LayerSpec spec) => spec.Activation switch
        {
            0 => new Relu(),
            1 => new LeakyRelu(spec.Slope),
            2 => new Sigmoid(),
            3 => new Tanh(),
            4 => new Softmax(),
            _ => new Identity(),
        };

        private InputScaling ScalingFor(int inputs) => Scaling switch
        {
            0 => InputScaling.None,
            1 => InputScaling.UnitRange,
            2 => InputScaling.Standardize(Factors.AsSpan(0, inputs).ToArray().Select(m => m - 2f).ToArray(), Factors.AsSpan(6, inputs)),
            3 => InputScaling.Affine("affine", Factors.AsSpan(0, 1), Factors.AsSpan(6, 1)),
            _ => InputScaling.Affine("per-feature", Factors.AsSpan(0, inputs), Factors.AsSpan(6, inputs)),
        };
    }
}
