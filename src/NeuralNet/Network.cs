using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Activations;
using NeuralNet.Compute;
using NeuralNet.Data;
using NeuralNet.Initializers;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Serialization;
using NeuralNet.Serialization.Onnx;
using NeuralNet.Training;

namespace NeuralNet;

/// <summary>A feed-forward network: layers applied one after another to a batch of samples.</summary>
/// <remarks>
/// <para>Batches are features × m, one sample per column (X of shape (784, m) for MNIST).</para>
/// <para><see cref="Forward"/> and <see cref="Backward(Loss, Matrix{float}, bool)"/> are the training passes; they work on
/// inputs as the layers see them (already scaled) and reuse the layers' buffers, so one thread at a time may train.</para>
/// <para><c>Predict</c> and <c>PredictProbabilities</c> take raw inputs, apply <see cref="InputScaling"/>, and run the
/// layers' inference pass on workspaces of their own: any number of threads may predict at once, and a batch size
/// that was seen before allocates nothing but the returned array. <see cref="Dropout"/> layers are the identity at
/// inference, so prediction skips them.</para>
/// </remarks>
public sealed class Network
{
    private readonly Layer[] _layers;
    private readonly Layer[] _inferenceLayers;
    private readonly BatchBuffers<Matrix<float>> _lossGradients;
    private readonly ConcurrentBag<InferenceWorkspace> _inferenceWorkspaces = [];
    private InputScaling _inputScaling = InputScaling.None;
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

        // Dropout passes its input through at inference: leaving it out saves a copy and a buffer per layer.
        _inferenceLayers = [.. _layers.Where(l => l is not Dropout)];
        Layers = Array.AsReadOnly(_layers);
        Parameters = Array.AsReadOnly(_layers.SelectMany(l => l.Parameters).ToArray());
        _lossGradients = new BatchBuffers<Matrix<float>>(m => MatrixSpans.Dense(OutputSize, m));
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
    /// <exception cref="ArgumentException">Fewer than two sizes, or a size that is not positive.</exception>
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
        get => _inputScaling;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.CheckFeatures(InputSize);
            _inputScaling = value;
        }
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
    /// <exception cref="ArgumentException">The batch does not have <see cref="InputSize"/> rows.</exception>
    public int[] Predict(Matrix<float> inputs)
    {
        CheckBatch(inputs, nameof(inputs));
        var classes = new int[inputs.ColumnCount];
        Predict(inputs, classes);
        return classes;
    }

    /// <summary>Writes the most probable class of each column of raw inputs into <paramref name="classes"/>.</summary>
    /// <exception cref="ArgumentException">The batch does not have <see cref="InputSize"/> rows, or <paramref name="classes"/> has another length than its column count.</exception>
    public void Predict(Matrix<float> inputs, Span<int> classes)
    {
        CheckBatch(inputs, nameof(inputs));
        if (classes.Length != inputs.ColumnCount)
        {
            throw new ArgumentException($"Predicting {inputs.ColumnCount} samples needs room for {inputs.ColumnCount} classes but the span holds {classes.Length}.", nameof(classes));
        }

        InferenceWorkspace ws = Rent(inputs.ColumnCount);
        try
        {
            Matrix<float> output = Infer(inputs, ws);
            for (int j = 0; j < classes.Length; j++)
            {
                classes[j] = Elementwise.ArgMax(MatrixSpans.Column(output, j));
            }
        }
        finally
        {
            Return(ws);
        }
    }

    /// <summary>Returns the output (class probabilities for a softmax network) of each column of raw inputs as a new matrix.</summary>
    /// <exception cref="ArgumentException">The batch does not have <see cref="InputSize"/> rows.</exception>
    public Matrix<float> PredictProbabilities(Matrix<float> inputs)
    {
        CheckBatch(inputs, nameof(inputs));
        Matrix<float> result = MatrixSpans.Dense(OutputSize, inputs.ColumnCount);
        PredictProbabilities(inputs, result);
        return result;
    }

    /// <summary>Writes the output of each column of raw inputs into <paramref name="result"/> (OutputSize × m).</summary>
    /// <exception cref="ArgumentException">A matrix has the wrong shape.</exception>
    public void PredictProbabilities(Matrix<float> inputs, Matrix<float> result)
    {
        CheckBatch(inputs, nameof(inputs));
        MatrixSpans.RequireShape(result, OutputSize, inputs.ColumnCount, "The probabilities", nameof(result));
        InferenceWorkspace ws = Rent(inputs.ColumnCount);
        try
        {
            MatrixSpans.Values(Infer(inputs, ws)).CopyTo(MatrixSpans.Values(result));
        }
        finally
        {
            Return(ws);
        }
    }

    /// <summary>Returns the most probable class of one raw sample.</summary>
    /// <exception cref="ArgumentException">The sample does not have <see cref="InputSize"/> features.</exception>
    public int Predict(ReadOnlySpan<float> sample)
    {
        InferenceWorkspace ws = RentForSample(sample);
        try
        {
            return Elementwise.ArgMax(MatrixSpans.Values(InferScaled(ws)));
        }
        finally
        {
            Return(ws);
        }
    }

    /// <summary>Writes the output (class probabilities) of one raw sample into <paramref name="probabilities"/>.</summary>
    /// <exception cref="ArgumentException">The sample does not have <see cref="InputSize"/> features, or the destination does not have <see cref="OutputSize"/> places.</exception>
    public void PredictProbabilities(ReadOnlySpan<float> sample, Span<float> probabilities)
    {
        if (probabilities.Length != OutputSize)
        {
            throw new ArgumentException($"{this} has {OutputSize} outputs but the destination holds {probabilities.Length}.", nameof(probabilities));
        }

        InferenceWorkspace ws = RentForSample(sample);
        try
        {
            MatrixSpans.Values(InferScaled(ws)).CopyTo(probabilities);
        }
        finally
        {
            Return(ws);
        }
    }

    /// <summary>Returns the output (class probabilities) of one raw sample as a new array.</summary>
    /// <exception cref="ArgumentException">The sample does not have <see cref="InputSize"/> features.</exception>
    public float[] PredictProbabilities(ReadOnlySpan<float> sample)
    {
        var probabilities = new float[OutputSize];
        PredictProbabilities(sample, probabilities);
        return probabilities;
    }

    /// <summary>Evaluates the network on a labelled dataset: mean loss, accuracy, confusion matrix, per-class precision, recall and F1.</summary>
    /// <remarks>Runs the inference pass (no dropout) in chunks of 1,024 samples; a dataset loaded with another scaling than
    /// <see cref="InputScaling"/> is rescaled first, so the answer is what <c>Predict</c> would give on the raw inputs.</remarks>
    /// <param name="data">Labelled samples with <see cref="InputSize"/> features.</param>
    /// <param name="loss">The loss to report; default <see cref="CrossEntropyLoss"/>.</param>
    /// <exception cref="ArgumentException">The dataset has no labels, another feature count, or labels beyond <see cref="OutputSize"/>.</exception>
    public Evaluation Evaluate(Dataset data, Loss? loss = null) => Evaluator.Evaluate(this, data, loss);

    /// <summary>Saves the network (architecture, input scaling, parameters) to a model file, replacing <paramref name="path"/> atomically.</summary>
    /// <remarks>
    /// <para>The content goes to a temporary file in the same folder, is flushed to the disk, and is renamed over
    /// <paramref name="path"/>: readers and concurrent savers see the old file or a whole new one, and a failure leaves the
    /// old file as it was. The format is described in <c>docs/model-format.md</c>; <see cref="Load(string)"/> reads it back
    /// and predicts bit-identically.</para>
    /// <para>Do not train the network on another thread while it is being saved.</para>
    /// </remarks>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    /// <exception cref="IOException">Writing or renaming failed; the previous file is unchanged.</exception>
    /// <exception cref="NotSupportedException">A layer or activation is not one model files can hold (custom subclasses).</exception>
    public void Save(string path) => ModelFile.Save(this, path);

    /// <summary>Writes the network as a model file to <paramref name="stream"/> at its current position.</summary>
    /// <remarks>The stream is neither flushed to the disk nor closed; for files, prefer <see cref="Save(string)"/>, which is atomic.</remarks>
    /// <exception cref="ArgumentException">The stream cannot be written to.</exception>
    /// <exception cref="NotSupportedException">A layer or activation is not one model files can hold (custom subclasses).</exception>
    public void Save(Stream stream) => ModelFile.Save(this, stream);

    /// <summary>Loads a network saved by <see cref="Save(string)"/>.</summary>
    /// <remarks>Everything is checked (signature, version, length, CRC-32C checksum, and that sizes and names fit together) before
    /// the network is built, and nothing larger than the file is ever allocated.</remarks>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidModelFileException">The file is not a model file, comes from a newer format version, is truncated or damaged, or does not describe a valid network; the message says which.</exception>
    public static Network Load(string path) => ModelFile.Load(path);

    /// <summary>Loads a network from <paramref name="stream"/>, reading exactly the bytes of one model file from its current position.</summary>
    /// <exception cref="ArgumentException">The stream cannot be read.</exception>
    /// <exception cref="InvalidModelFileException">The data is not a valid model file; the message says why.</exception>
    public static Network Load(Stream stream) => ModelFile.Load(stream);

    /// <summary>Writes this network as an ONNX model file (atomically), for ONNX Runtime, OpenCV and other engines.</summary>
    /// <remarks>The model takes raw inputs as <c>Predict</c> does; see <see cref="OnnxExporter"/> for its graph.</remarks>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="NotSupportedException">A layer or an activation cannot be expressed in ONNX.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void ExportOnnx(string path) => OnnxExporter.Export(this, path);

    /// <summary>Writes this network as an ONNX model to a stream, which is left open.</summary>
    /// <remarks>The model takes raw inputs as <c>Predict</c> does; see <see cref="OnnxExporter"/> for its graph.</remarks>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable.</exception>
    /// <exception cref="NotSupportedException">A layer or an activation cannot be expressed in ONNX.</exception>
    public void ExportOnnx(Stream stream) => OnnxExporter.Export(this, stream);

    /// <summary>Describes the architecture, such as <c>Network(784-128-10)</c>, or <c>Network(784-800-800-10, dropout 0.5)</c> with dropout layers.</summary>
    /// <remarks>Dropout layers of different rates are listed as <c>dropout 0.2/0.5</c>, input side first.</remarks>
    public override string ToString()
    {
        string sizes = $"{InputSize}-{string.Join("-", _layers.Where(l => l is DenseLayer).Select(l => l.OutputSize))}";
        string[] rates = [.. _layers.OfType<Dropout>().Select(d => d.Rate.ToString(CultureInfo.InvariantCulture)).Distinct()];
        return rates.Length == 0 ? $"Network({sizes})" : $"Network({sizes}, dropout {string.Join("/", rates)})";
    }

    /// <summary>Runs the inference pass on an already scaled batch into a rented workspace; returns the workspace's output.</summary>
    internal Matrix<float> InferScaledBatch(Matrix<float> scaled, InferenceWorkspace ws)
    {
        Matrix<float> activations = scaled;
        for (int i = 0; i < _inferenceLayers.Length; i++)
        {
            _inferenceLayers[i].Infer(activations, ws.Outputs[i]);
            activations = ws.Outputs[i];
        }

        return activations;
    }

    /// <summary>Takes an inference workspace for <paramref name="batchSize"/> columns from the pool (or makes one); give it back with <see cref="Return"/>.</summary>
    /// <remarks>The pool holds one workspace per thread that predicted at once; a workspace of another batch size is re-sized, once.</remarks>
    internal InferenceWorkspace Rent(int batchSize)
    {
        if (!_inferenceWorkspaces.TryTake(out InferenceWorkspace? ws))
        {
            ws = new InferenceWorkspace(InputSize, _inferenceLayers.Select(l => l.OutputSize).ToArray());
        }

        ws.EnsureBatchSize(batchSize);
        return ws;
    }

    /// <summary>Gives a workspace back to the pool.</summary>
    internal void Return(InferenceWorkspace ws) => _inferenceWorkspaces.Add(ws);

    private Matrix<float> Infer(Matrix<float> rawInputs, InferenceWorkspace ws)
    {
        // A scaling that is one factor and no shift (pixels / 255) folds into the first product,
        // W·(s·x) = s·(W·x): a 10,000-sample batch then skips a 31 MB scaled copy of its input.
        if (_inferenceLayers.Length > 0 && _inferenceLayers[0] is DenseLayer first && _inputScaling.Scale.Length == 1 && _inputScaling.Shift[0] == 0f)
        {
            first.Infer(rawInputs, ws.Outputs[0], _inputScaling.Scale[0]);
            Matrix<float> activations = ws.Outputs[0];
            for (int i = 1; i < _inferenceLayers.Length; i++)
            {
                _inferenceLayers[i].Infer(activations, ws.Outputs[i]);
                activations = ws.Outputs[i];
            }

            return activations;
        }

        _inputScaling.Apply(rawInputs, ws.ScaledInput);
        return InferScaledBatch(ws.ScaledInput, ws);
    }

    private Matrix<float> InferScaled(InferenceWorkspace ws) => InferScaledBatch(ws.ScaledInput, ws);

    private InferenceWorkspace RentForSample(ReadOnlySpan<float> sample)
    {
        if (sample.Length != InputSize)
        {
            throw new ArgumentException($"{this} expects {InputSize} features per sample but got {sample.Length}.", nameof(sample));
        }

        InferenceWorkspace ws = Rent(1);
        _inputScaling.Apply(sample, MatrixSpans.Values(ws.ScaledInput));
        return ws;
    }

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
        _lastOutput ?? throw new InvalidOperationException($"Backward was called before Forward on {this}.");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckBatch(Matrix<float> batch, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(batch, parameterName);
        if (batch.RowCount != InputSize)
        {
            throw new ArgumentException(
                $"{this} expects {InputSize} features per sample but got a {batch.RowCount}x{batch.ColumnCount} batch.",
                parameterName);
        }
    }
}
