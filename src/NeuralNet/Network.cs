// Over 250 lines: construction with its neighbour-shape checks, the forward and backward passes, and the one-line Predict facades users expect on the type.
using System.Globalization;
using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Activations;
using NeuralNet.Compute;
using NeuralNet.Inference;
using NeuralNet.Initializers;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Preprocessing;
using NeuralNet.Randomness;

namespace NeuralNet;

/// <summary>A feed-forward network: layers applied one after another to a batch of samples.</summary>
/// <remarks>
/// <para>Batches are features × m, one sample per column (X of shape (784, m) for MNIST).</para>
/// <para><see cref="Forward"/> and <see cref="Backward(Loss, Matrix{float}, bool)"/> are the training passes; they work on
/// inputs as the layers see them (already scaled) and reuse the layers' buffers, so one thread at a time may train.</para>
/// <para><c>Predict</c> and <c>PredictProbabilities</c> take raw inputs, apply <see cref="InputScaling"/>, and run the
/// layers' inference pass on workspaces of their own (the network's internal predictor owns them): any number of threads
/// may predict at once, and a batch size that was seen before allocates nothing but the returned array.
/// <see cref="Dropout"/> layers are the identity at inference, so prediction skips them.</para>
/// <para>NaN and infinite values: a prediction refuses non-finite inputs (an <see cref="ArgumentException"/> naming the
/// sample and the feature) and non-finite outputs (an <see cref="InvalidOperationException"/> naming the parameter that
/// holds a NaN or an infinity), instead of returning a class with probability NaN. Model files keep every parameter bit
/// for bit, NaN included, so a damaged model loads and is refused when it predicts.</para>
/// </remarks>
public sealed class Network
{
    private readonly Layer[] _layers;
    private readonly BatchBuffers<Matrix<float>> _lossGradients;
    private readonly Predictor _predictor;
    private IReadOnlyList<string>? _classNames;
    private IReadOnlyList<string>? _featureNames;
    private Matrix<float>? _lastOutput;

    /// <summary>Creates a network from layers, checking that each layer's output fits the next one's input.</summary>
    /// <remarks>Neighbours fit when the output shape equals the input shape (C × H × W, see <see cref="Layer.InputShape"/>),
    /// or when either side is flat and the sizes are equal: a dense layer after a pooling layer takes its C·H·W values,
    /// flattened, as they lie in the column.</remarks>
    /// <exception cref="ArgumentException">There are no layers, or two neighbours do not fit together; the message names both layers and both shapes.</exception>
    public Network(IEnumerable<Layer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = [.. layers];
        if (_layers.Length == 0)
        {
            throw new ArgumentException("A network needs at least one layer.", nameof(layers));
        }

        for (int i = 1; i < _layers.Length; i++)
        {
            if (NeighbourMismatch(i) is { } mismatch)
            {
                throw new ArgumentException(mismatch, nameof(layers));
            }
        }

        Layers = Array.AsReadOnly(_layers);
        Parameters = Array.AsReadOnly(_layers.SelectMany(l => l.Parameters).ToArray());
        _lossGradients = new BatchBuffers<Matrix<float>>(m => MatrixSpans.Dense(OutputSize, m));
        _predictor = new Predictor(_layers, ToString());
    }

    /// <summary>Creates a network from layers.</summary>
    /// <exception cref="ArgumentException">There are no layers, or two neighbours do not fit together.</exception>
    public Network(params Layer[] layers)
        : this((IEnumerable<Layer>)layers)
    {
    }

    /// <summary>Creates a fully-connected network from its sizes, such as <c>[784, 128, 10]</c>.</summary>
    /// <param name="sizes">The input size, then each layer's units; at least two numbers, all positive.</param>
    /// <param name="hiddenActivation">The activation of every layer but the last; default <see cref="Relu"/>.</param>
    /// <param name="outputActivation">The activation of the last layer; default <see cref="Softmax"/>.</param>
    /// <param name="initializer">How to draw the starting weights; default <see cref="Initializer.He"/>.</param>
    /// <param name="seed">The seed of the weights and of the dropout masks: equal seeds give bit-identical networks.</param>
    /// <param name="dropout">
    /// The rate p of a <see cref="Dropout"/> layer inserted after every hidden layer (never after the output layer), in
    /// [0, 1); default 0, no dropout layers. Each draws its masks from its own generator, seeded from
    /// <paramref name="seed"/> and its index in <see cref="Layers"/>, so the weights are those of the same network
    /// without dropout and no two layers share a mask.
    /// </param>
    /// <exception cref="ArgumentException">Fewer than two sizes, a size that is not positive, or a layer whose weights do not fit one array or the machine's memory (the message names the layer and the bytes).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dropout"/> is not in [0, 1).</exception>
    public static Network Create(
        IReadOnlyList<int> sizes,
        Activation? hiddenActivation = null,
        Activation? outputActivation = null,
        Initializer? initializer = null,
        int seed = 0,
        float dropout = 0f)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Count < 2)
        {
            throw new ArgumentException($"A network needs an input size and at least one layer size, such as [784, 10]; got [{string.Join(", ", sizes)}].", nameof(sizes));
        }

        for (int i = 0; i < sizes.Count; i++)
        {
            if (sizes[i] <= 0)
            {
                throw new ArgumentException($"Size {i} is {sizes[i]} in [{string.Join(", ", sizes)}]; every size must be positive.", nameof(sizes));
            }
        }

        if (!(dropout >= 0f && dropout < 1f))
        {
            throw new ArgumentOutOfRangeException(
                nameof(dropout), $"The dropout rate is the probability of dropping a value and must lie in [0, 1), but got {dropout.ToString(CultureInfo.InvariantCulture)}.");
        }

        // Every layer's weights (and their gradients) are sized by the one rule before any of them is allocated.
        long bytes = 0;
        for (int i = 0; i < sizes.Count - 1; i++)
        {
            int weights = ElementBudget.Count(sizes[i + 1], (long)sizes[i] + 1, $"Layer {i + 1} ({sizes[i]}->{sizes[i + 1]}) of [{string.Join(", ", sizes)}]", nameof(sizes), copies: 2);
            bytes = ElementBudget.SaturatingAdd(bytes, 2L * sizeof(float) * weights);
        }

        if (ElementBudget.BytesProblem(bytes) is string problem)
        {
            throw new ArgumentException($"The parameters of [{string.Join(", ", sizes)}] and their gradients need {problem}.", nameof(sizes));
        }

        var random = new SeededRandom(seed);
        var layers = new List<Layer>(2 * sizes.Count);
        for (int i = 0; i < sizes.Count - 1; i++)
        {
            bool isOutput = i == sizes.Count - 2;
            Activation activation = isOutput
                ? outputActivation ?? new Softmax()
                : hiddenActivation ?? new Relu();
            layers.Add(new DenseLayer(sizes[i], sizes[i + 1], activation, initializer, random));
            if (!isOutput && dropout > 0f)
            {
                layers.Add(new Dropout(sizes[i + 1], dropout, Dropout.SeedFor(seed, layers.Count)));
            }
        }

        return new Network(layers);
    }

    /// <summary>The layers, input side first.</summary>
    public IReadOnlyList<Layer> Layers { get; }

    /// <summary>Every trainable parameter, layer by layer.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Features per input sample.</summary>
    public int InputSize => _layers[0].InputSize;

    /// <summary>Outputs per sample (the number of classes for a classifier).</summary>
    public int OutputSize => _layers[^1].OutputSize;

    /// <summary>Whether <see cref="Forward"/> runs in training mode (dropout active) or inference mode; setting it sets every layer's <see cref="Layer.IsTraining"/>.</summary>
    /// <remarks>The trainer switches it on for its batches and off when it is done. <c>Predict</c> ignores it: it always infers.</remarks>
    public bool IsTraining
    {
        get => _layers[0].IsTraining;
        set
        {
            foreach (Layer layer in _layers)
            {
                layer.IsTraining = value;
            }
        }
    }

    /// <summary>The total number of trainable scalars.</summary>
    public long ParameterCount => Parameters.Sum(p => (long)p.Length);

    /// <summary>How raw inputs are scaled before the first layer in <c>Predict</c>; set by the trainer from the training set and saved with the model.</summary>
    /// <exception cref="ArgumentException">The scaling is per feature for another feature count.</exception>
    public InputScaling InputScaling
    {
        get => _predictor.Scaling;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.CheckFeatures(InputSize);
            _predictor.Scaling = value;
        }
    }

    /// <summary>The name of each output class, such as <c>T-shirt/top</c> for Fashion-MNIST's class 0; <see langword="null"/> when the classes are only numbered.</summary>
    /// <remarks>
    /// Set by the trainer from the training set's class names (a CSV table's string labels, an image folder's
    /// sub-folders) or by hand, and saved with the model, so that a loaded model can say what it predicts.
    /// <see cref="ClassName(int)"/> falls back to the class's number.
    /// </remarks>
    /// <exception cref="ArgumentException">The list does not hold <see cref="OutputSize"/> names, or a name is empty or repeated.</exception>
    public IReadOnlyList<string>? ClassNames
    {
        get => _classNames;
        set => _classNames = value is null ? null : NameList.Check(value, OutputSize, "class", unique: true, this);
    }

    /// <summary>The name of each input feature, such as a table's column headers; <see langword="null"/> when the features are only numbered.</summary>
    /// <remarks>Saved with the model, so that a loaded model can check that a table's columns are the ones it was trained on.</remarks>
    /// <exception cref="ArgumentException">The list does not hold <see cref="InputSize"/> names, or a name is empty.</exception>
    public IReadOnlyList<string>? FeatureNames
    {
        get => _featureNames;
        set => _featureNames = value is null ? null : NameList.Check(value, InputSize, "feature", unique: false, this);
    }

    /// <summary>The name of class <paramref name="index"/>: its entry in <see cref="ClassNames"/>, or its number as text when there are no names.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="OutputSize"/>).</exception>
    public string ClassName(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, OutputSize);
        return _classNames?[index] ?? index.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Runs the training forward pass on an already scaled batch and returns the output (OutputSize × m), a buffer of the last layer.</summary>
    /// <exception cref="ArgumentException">The batch does not have <see cref="InputSize"/> rows.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Matrix<float> Forward(Matrix<float> input)
    {
        CheckBatch(input, nameof(input));
        Matrix<float> activations = input;
        foreach (Layer layer in _layers)
        {
            activations = layer.Forward(activations);
        }

        _lastOutput = activations;
        return activations;
    }

    /// <summary>Back-propagates dℓ/dOutput through every layer, overwriting every parameter's gradient.</summary>
    /// <param name="outputGradient">dℓ_j/dOutput for each sample column j (OutputSize × m).</param>
    /// <param name="computeInputGradient">Whether to compute dLoss/dInput too (not needed for training).</param>
    /// <returns>dLoss/dInput, or <see langword="null"/> when not asked for.</returns>
    /// <exception cref="InvalidOperationException">Forward was not called first.</exception>
    /// <exception cref="ArgumentException">The gradient's shape differs from the last output's.</exception>
    public Matrix<float>? Backward(Matrix<float> outputGradient, bool computeInputGradient = false) =>
        BackwardFrom(_layers.Length - 1, outputGradient, computeInputGradient);

    /// <summary>Computes the loss gradient of the last forward pass against <paramref name="targets"/> and back-propagates it.</summary>
    /// <remarks>When the loss combines with the output activation (cross-entropy after softmax), dZ = A − Y goes straight into the last layer.</remarks>
    /// <param name="loss">The loss to differentiate.</param>
    /// <param name="targets">The targets, shaped like the output (one-hot columns for a classifier).</param>
    /// <param name="computeInputGradient">Whether to compute dLoss/dInput too (not needed for training).</param>
    /// <returns>dLoss/dInput, or <see langword="null"/> when not asked for.</returns>
    /// <exception cref="InvalidOperationException">Forward was not called first.</exception>
    /// <exception cref="ArgumentException">The targets are not shaped like the last output.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Matrix<float>? Backward(Loss loss, Matrix<float> targets, bool computeInputGradient = false)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(targets);
        Matrix<float> output = LastOutput();
        Matrix<float> gradient = _lossGradients.For(output.ColumnCount);
        if (_layers[^1] is DenseLayer last && loss.CombinesWith(last.Activation))
        {
            loss.CombinedGradient(output, targets, gradient);
            return _layers.Length == 1
                ? last.BackwardFromPreActivation(gradient, computeInputGradient)
                : BackwardFrom(_layers.Length - 2, last.BackwardFromPreActivation(gradient, computeInputGradient: true)!, computeInputGradient);
        }

        loss.Gradient(output, targets, gradient);
        return Backward(gradient, computeInputGradient);
    }

    /// <summary>Returns the most probable class of each column of raw inputs.</summary>
    /// <exception cref="ArgumentException">The batch does not have <see cref="InputSize"/> rows, or an input is NaN or infinite (the message names the sample and the feature).</exception>
    /// <exception cref="InvalidOperationException">An output came out NaN or infinite: the message names the parameter that is not finite (a damaged or diverged model), or says the products overflowed.</exception>
    public int[] Predict(Matrix<float> inputs) => _predictor.Predict(inputs);

    /// <summary>Writes the most probable class of each column of raw inputs into <paramref name="classes"/>.</summary>
    /// <exception cref="ArgumentException">The batch does not have <see cref="InputSize"/> rows, or <paramref name="classes"/> has another length than its column count, or an input is NaN or infinite (the message names the sample and the feature).</exception>
    /// <exception cref="InvalidOperationException">An output came out NaN or infinite: the message names the parameter that is not finite (a damaged or diverged model), or says the products overflowed.</exception>
    public void Predict(Matrix<float> inputs, Span<int> classes) => _predictor.Predict(inputs, classes);

    /// <summary>Returns the output (class probabilities for a softmax network) of each column of raw inputs as a new matrix.</summary>
    /// <exception cref="ArgumentException">The batch does not have <see cref="InputSize"/> rows, or an input is NaN or infinite (the message names the sample and the feature).</exception>
    /// <exception cref="InvalidOperationException">An output came out NaN or infinite: the message names the parameter that is not finite (a damaged or diverged model), or says the products overflowed.</exception>
    public Matrix<float> PredictProbabilities(Matrix<float> inputs) => _predictor.PredictProbabilities(inputs);

    /// <summary>Writes the output of each column of raw inputs into <paramref name="result"/> (OutputSize × m).</summary>
    /// <exception cref="ArgumentException">A matrix has the wrong shape, or an input is NaN or infinite (the message names the sample and the feature).</exception>
    /// <exception cref="InvalidOperationException">An output came out NaN or infinite: the message names the parameter that is not finite (a damaged or diverged model), or says the products overflowed.</exception>
    public void PredictProbabilities(Matrix<float> inputs, Matrix<float> result) => _predictor.PredictProbabilities(inputs, result);

    /// <summary>Returns the most probable class of one raw sample.</summary>
    /// <exception cref="ArgumentException">The sample does not have <see cref="InputSize"/> features, or an input is NaN or infinite (the message names the sample and the feature).</exception>
    /// <exception cref="InvalidOperationException">An output came out NaN or infinite: the message names the parameter that is not finite (a damaged or diverged model), or says the products overflowed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Predict(ReadOnlySpan<float> sample) => _predictor.Predict(sample);

    /// <summary>Writes the output (class probabilities) of one raw sample into <paramref name="probabilities"/>.</summary>
    /// <exception cref="ArgumentException">The sample does not have <see cref="InputSize"/> features, or the destination does not have <see cref="OutputSize"/> places, or an input is NaN or infinite (the message names the sample and the feature).</exception>
    /// <exception cref="InvalidOperationException">An output came out NaN or infinite: the message names the parameter that is not finite (a damaged or diverged model), or says the products overflowed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PredictProbabilities(ReadOnlySpan<float> sample, Span<float> probabilities) => _predictor.PredictProbabilities(sample, probabilities);

    /// <summary>Returns the output (class probabilities) of one raw sample as a new array.</summary>
    /// <exception cref="ArgumentException">The sample does not have <see cref="InputSize"/> features, or an input is NaN or infinite (the message names the sample and the feature).</exception>
    /// <exception cref="InvalidOperationException">An output came out NaN or infinite: the message names the parameter that is not finite (a damaged or diverged model), or says the products overflowed.</exception>
    public float[] PredictProbabilities(ReadOnlySpan<float> sample) => _predictor.PredictProbabilities(sample);

    /// <summary>Describes the architecture: <c>Network(784-128-10)</c>, <c>Network(784-800-800-10, dropout 0.5)</c> for fully-connected networks, <c>Network(1×28×28 → conv 32×5×5 pad 2 → pool 2 → 128 → 10)</c> for convolutional ones.</summary>
    /// <remarks>
    /// <para>A network without convolution, pooling, batch normalization or other image layers lists its input size and
    /// its dense layers' outputs; dropout layers of different rates are listed as <c>dropout 0.2/0.5</c>, input side first.</para>
    /// <para>Any other network lists its input shape and then each layer, input side first: a dense layer as its outputs,
    /// <c>conv C×k×k</c> with <c>stride s</c> and <c>pad p</c> when they are not 1 and 0, <c>pool k</c> and
    /// <c>avgpool k</c> with <c>stride s</c> when the windows overlap or leave gaps, <c>bn</c>, <c>dropout p</c>, and
    /// the layer's own <see cref="object.ToString"/> for other kinds.</para>
    /// </remarks>
    public override string ToString()
    {
        // Networks without image or normalization layers keep the text they always had (custom flat layers included).
        if (!_layers.Any(l => l is Conv2D or MaxPool2D or AveragePool2D or BatchNorm || !l.InputShape.IsFlat || !l.OutputShape.IsFlat))
        {
            string sizes = $"{InputSize}-{string.Join("-", _layers.Where(l => l is DenseLayer).Select(l => l.OutputSize))}";
            string[] rates = [.. _layers.OfType<Dropout>().Select(d => d.Rate.ToString(CultureInfo.InvariantCulture)).Distinct()];
            return rates.Length == 0 ? $"Network({sizes})" : $"Network({sizes}, dropout {string.Join("/", rates)})";
        }

        return $"Network({_layers[0].InputShape} → {string.Join(" → ", _layers.Select(Describe))})";
    }

    /// <summary>Runs the inference pass on an already scaled batch into a rented workspace; returns the workspace's output.</summary>
    internal Matrix<float> InferScaledBatch(Matrix<float> scaled, InferenceWorkspace ws) => _predictor.InferScaledBatch(scaled, ws);

    /// <summary>Takes an inference workspace for <paramref name="batchSize"/> columns from the pool (or makes one); give it back with <see cref="Return"/>.</summary>
    internal InferenceWorkspace Rent(int batchSize) => _predictor.Rent(batchSize);

    /// <summary>Gives a workspace back to the pool.</summary>
    internal void Return(InferenceWorkspace ws) => _predictor.Return(ws);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Matrix<float>? BackwardFrom(int lastLayer, Matrix<float> gradient, bool computeInputGradient)
    {
        Matrix<float>? current = gradient;
        for (int i = lastLayer; i >= 0; i--)
        {
            current = _layers[i].Backward(current!, computeInputGradient: i > 0 || computeInputGradient);
        }

        return current;
    }

    /// <summary>One layer of <see cref="ToString"/>'s arrow form: <c>128</c>, <c>conv 32×5×5 pad 2</c>, <c>pool 2</c>, <c>bn</c>.</summary>
    private static string Describe(Layer layer) => layer switch
    {
        DenseLayer dense => dense.OutputSize.ToString(CultureInfo.InvariantCulture),
        Dropout dropout => string.Create(CultureInfo.InvariantCulture, $"dropout {dropout.Rate}"),
        Conv2D conv => string.Create(
            CultureInfo.InvariantCulture,
            $"conv {conv.OutputChannels}×{conv.KernelSize}×{conv.KernelSize}{(conv.Stride == 1 ? "" : $" stride {conv.Stride}")}{(conv.Padding == 0 ? "" : $" pad {conv.Padding}")}"),
        MaxPool2D pool => Pooling("pool", pool.Size, pool.Stride),
        AveragePool2D pool => Pooling("avgpool", pool.Size, pool.Stride),
        BatchNorm => "bn",
        _ => layer.ToString() ?? layer.GetType().Name,
    };

    private static string Pooling(string word, int size, int stride) => string.Create(
        CultureInfo.InvariantCulture, $"{word} {size}{(stride == size ? "" : $" stride {stride}")}");

    /// <summary>Says how layer <paramref name="i"/> − 1's output fails to fit layer <paramref name="i"/>'s input (see <see cref="SampleShape.Fits"/>), or returns null when it fits.</summary>
    private string? NeighbourMismatch(int i)
    {
        Layer before = _layers[i - 1];
        Layer after = _layers[i];
        SampleShape output = before.OutputShape;
        SampleShape input = after.InputShape;
        if (output.Fits(input) && before.OutputSize == after.InputSize)
        {
            return null;
        }

        return (output.IsFlat, input.IsFlat) switch
        {
            // Dense-only networks keep the message they always had.
            (true, true) => $"Layer {i - 1} ({before}) outputs {before.OutputSize} features but layer {i} ({after}) expects {after.InputSize}.",
            (false, false) => $"Layer {i - 1} ({before}) outputs {output} but layer {i} ({after}) expects {input}.",
            (false, true) => $"Layer {i - 1} ({before}) outputs {output} ({output.Size} features once flattened) but layer {i} ({after}) expects {after.InputSize} features.",
            (true, false) => $"Layer {i - 1} ({before}) outputs {before.OutputSize} features but layer {i} ({after}) expects {input} ({input.Size} features).",
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Matrix<float> LastOutput() =>
        _lastOutput ?? throw BackwardBeforeForward();

    // Built apart, compiled only when thrown (see the remarks of Compute.Elementwise).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private InvalidOperationException BackwardBeforeForward() => new($"Backward was called before Forward on {this}.");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckBatch(Matrix<float> batch, string parameterName) => _predictor.CheckBatch(batch, parameterName);
}
