using System.Globalization;
using MnistTrainer.Options;
using NeuralNet;
using NeuralNet.Activations;
using NeuralNet.Initializers;
using NeuralNet.Layers;
using NeuralNet.Randomness;

namespace MnistTrainer.Runs;

/// <summary>The network <c>--layers</c> describes, worked out layer by layer (shapes, weights, scratch) before any of it is allocated, and then built.</summary>
/// <remarks>
/// <para>The input shape comes from the data: flat features for dense layers; for convolution and pooling layers the
/// samples must be MNIST-shaped, 784 features read as one 28 × 28 channel (<see cref="ImageSide"/>), since the files
/// say nothing else about their layout. Each image layer's output shape follows from its input's: a convolution's
/// <c>H_out = ⌊(H + 2p − k)/s⌋ + 1</c>, a pooling's <c>⌊(H − k)/s⌋ + 1</c>. A kernel or window that does not fit, or a
/// size beyond 32 bits, is refused naming the item, before <see cref="NetworkBudget"/> checks the memory.</para>
/// <para>A plan of dense layers only is built by <c>Network.Create</c>, exactly as before convolutional layers
/// existed (the same seeds give the same weights); any other is built layer by layer from one generator seeded with
/// the run's seed, in order.</para>
/// </remarks>
internal sealed class NetworkPlan
{
    /// <summary>The side of the square images 784-feature samples are read as.</summary>
    public const int ImageSide = 28;

    private NetworkPlan(IReadOnlyList<LayerSpec> hidden, SampleShape input, IReadOnlyList<PlannedLayer> layers, string option)
    {
        Hidden = hidden;
        Input = input;
        Layers = layers;
        Option = option;
    }

    /// <summary>The hidden layers as asked for.</summary>
    public IReadOnlyList<LayerSpec> Hidden { get; }

    /// <summary>The shape of one input sample: flat, or 1 × 28 × 28 when image layers read it.</summary>
    public SampleShape Input { get; }

    /// <summary>Every layer, the output layer last.</summary>
    public IReadOnlyList<PlannedLayer> Layers { get; }

    /// <summary>The option as the messages quote it, such as <c>--layers conv:32x5,pool:2,128</c>.</summary>
    public string Option { get; }

    /// <summary>Whether the network is fully connected (dense layers only), the kind <c>Network.Create</c> builds.</summary>
    public bool IsDenseOnly => Hidden.All(s => s.Kind == LayerKind.Dense);

    /// <summary>Works out the network of <paramref name="hidden"/> between <paramref name="features"/> inputs and <paramref name="classes"/> outputs.</summary>
    /// <param name="hidden">The hidden layers.</param>
    /// <param name="features">Features per sample of the training set.</param>
    /// <param name="classes">The output layer's units: the training set's classes, or its regression targets.</param>
    /// <param name="option">The option the layers came from, for messages: <c>--layers</c>, or <c>--model cnn</c>.</param>
    /// <exception cref="UsageException">Image layers on data that are not 28 × 28 images, or a kernel, window or size that does not fit.</exception>
    public static NetworkPlan For(IReadOnlyList<LayerSpec> hidden, int features, int classes, string? option = null)
    {
        string quoted = option ?? $"--layers {LayerSpec.Describe(hidden)}";
        SampleShape shape = SampleShape.Flat(features);
        if (hidden.Any(s => s.IsImageLayer))
        {
            if (features != ImageSide * ImageSide)
            {
                throw new UsageException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{quoted}: convolution and pooling layers read each sample as an image, and samples of {ImageSide * ImageSide} features are read as one {ImageSide}×{ImageSide} channel (MNIST, Fashion-MNIST, a folder of digit images), but the training set has {features} features per sample. Give dense layer sizes only for these data, such as --layers 128,64."));
            }

            shape = new SampleShape(1, ImageSide, ImageSide);
        }

        SampleShape input = shape;
        var layers = new List<PlannedLayer>(hidden.Count + 1);
        for (int i = 0; i < hidden.Count; i++)
        {
            PlannedLayer layer = Plan(hidden[i], i + 1, shape, quoted);
            layers.Add(layer);
            shape = layer.Output;
        }

        layers.Add(Plan(new LayerSpec(LayerKind.Dense, classes), 0, shape, quoted));
        return new NetworkPlan(hidden, input, layers, quoted);
    }

    /// <summary>Builds the network; every size was checked by <see cref="For"/> and the memory by <see cref="NetworkBudget"/>.</summary>
    /// <param name="activation">The activation of every convolution and hidden dense layer.</param>
    /// <param name="initializer">How their starting weights are drawn.</param>
    /// <param name="seed">The seed of the weights and the dropout masks.</param>
    /// <param name="dropout">The rate of a dropout layer after every hidden dense layer (0: none).</param>
    /// <param name="outputActivation">The output layer's activation: softmax for classes (the default), the identity for regression targets.</param>
    public Network Build(Activation activation, Initializer initializer, int seed, float dropout, Activation? outputActivation = null)
    {
        Activation output = outputActivation ?? new Softmax();
        if (IsDenseOnly)
        {
            int[] sizes = [Input.Size, .. Layers.Select(l => l.Output.Size)];
            return Network.Create(sizes, activation, output, initializer, seed, dropout);
        }

        var random = new SeededRandom(seed);
        var layers = new List<Layer>(2 * Layers.Count);
        foreach (PlannedLayer planned in Layers)
        {
            LayerSpec spec = planned.Spec;
            SampleShape shape = planned.Input;
            bool isOutput = planned.Item == 0;
            layers.Add(spec.Kind switch
            {
                LayerKind.Conv => new Conv2D(shape, spec.Size, spec.Kernel, activation, spec.EffectiveStride, spec.EffectivePadding, initializer, random),
                LayerKind.MaxPool => new MaxPool2D(shape, spec.Size, spec.EffectiveStride),
                LayerKind.AveragePool => new AveragePool2D(shape, spec.Size, spec.EffectiveStride),
                LayerKind.BatchNorm => new BatchNorm(shape),
                _ => new DenseLayer(shape.Size, spec.Size, isOutput ? output : activation, initializer, random),
            });
            if (spec.Kind == LayerKind.Dense && !isOutput && dropout > 0f)
            {
                // Seeded from the run's seed and the layer's index, as Network.Create seeds its dropout layers.
                layers.Add(new Dropout(spec.Size, dropout, ((long)(layers.Count + 1) << 32) | (uint)seed));
            }
        }

        return new Network(layers);
    }

    private static PlannedLayer Plan(LayerSpec spec, int item, SampleShape input, string quoted)
    {
        string where = $"{quoted}: item {item} ({spec})";
        switch (spec.Kind)
        {
            case LayerKind.Conv:
            {
                int k = spec.Kernel;
                int s = spec.EffectiveStride;
                int p = spec.EffectivePadding;
                long paddedHeight = input.Height + (2L * p);
                long paddedWidth = input.Width + (2L * p);

                // One factor at a time, so that no product overflows a long.
                if (paddedHeight > int.MaxValue || paddedWidth > int.MaxValue || paddedHeight * paddedWidth > int.MaxValue || input.Channels * paddedHeight * paddedWidth > int.MaxValue)
                {
                    throw new UsageException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{where} pads its {Show(input)} input by {p} on each side, to planes of {paddedHeight:N0}×{paddedWidth:N0}, more than one sample may hold; give less padding."));
                }

                if (k > paddedHeight || k > paddedWidth)
                {
                    throw new UsageException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{where} has a {k}×{k} kernel, which does not fit in its {Show(input)} input padded by {p} ({paddedHeight}×{paddedWidth}); give a smaller kernel, more padding (/p), or fewer poolings before it."));
                }

                long height = ((paddedHeight - k) / s) + 1;
                long width = ((paddedWidth - k) / s) + 1;
                long taps = (long)input.Channels * k * k;
                long values = spec.Size * height * width;
                if (values > int.MaxValue)
                {
                    throw new UsageException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{where} would output {spec.Size:N0}×{height:N0}×{width:N0} values per sample, more than one sample may hold ({int.MaxValue:N0}); give fewer channels or a larger stride."));
                }

                long weights = taps * spec.Size;
                return new PlannedLayer(spec, item, input, new SampleShape(spec.Size, (int)height, (int)width), weights, weights + spec.Size, height * width * taps);
            }

            case LayerKind.MaxPool or LayerKind.AveragePool:
            {
                int k = spec.Size;
                if (k > input.Height || k > input.Width)
                {
                    throw new UsageException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{where} has {k}×{k} windows, which do not fit in its {Show(input)} input; give smaller windows or fewer poolings before it."));
                }

                int s = spec.EffectiveStride;
                return new PlannedLayer(spec, item, input, new SampleShape(input.Channels, ((input.Height - k) / s) + 1, ((input.Width - k) / s) + 1), 0, 0, 0);
            }

            case LayerKind.BatchNorm:
                return new PlannedLayer(spec, item, input, input, input.Channels, 2L * input.Channels, 0);

            default:
            {
                long weights = (long)input.Size * spec.Size;
                return new PlannedLayer(spec, item, input, SampleShape.Flat(spec.Size), weights, weights + spec.Size, 0);
            }
        }
    }

    /// <summary>C×H×W, also for a 1 × 1 plane (which <see cref="SampleShape.ToString"/> shows as a flat size).</summary>
    private static string Show(SampleShape shape) => string.Create(CultureInfo.InvariantCulture, $"{shape.Channels}×{shape.Height}×{shape.Width}");
}
