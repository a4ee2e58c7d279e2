using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;
using NeuralNet.Preprocessing;
using NeuralNet.Layers;

namespace NeuralNet.Inference;

/// <summary>The inference side of a network: raw inputs through <see cref="InputScaling"/> and every layer's inference pass, on pooled workspaces.</summary>
/// <remarks>
/// <para>Any number of threads may predict at once: each call takes a workspace of its own from the pool (one per thread
/// that predicted at once) and gives it back, so a batch size that was seen before allocates nothing but the returned
/// array. Dropout layers are the identity at inference and are left out.</para>
/// <para>A scaling that is one factor and no shift (pixels / 255) is folded into the first layer's product,
/// <c>W·(s·x) = s·(W·x)</c>, so that the inputs, a batch or one sample, are not scaled in a copy first.</para>
/// </remarks>
internal sealed class Predictor
{
    private readonly Layer[] _layers;
    private readonly string _network;
    private readonly ConcurrentBag<InferenceWorkspace> _workspaces = [];
    private InputScaling _scaling = InputScaling.None;

    /// <summary>Prepares inference through <paramref name="layers"/> (all of a network's, dropout included); <paramref name="network"/> names it in messages.</summary>
    public Predictor(IReadOnlyList<Layer> layers, string network)
    {
        _layers = [.. layers.Where(l => l is not Dropout)];
        _network = network;
        InputSize = layers[0].InputSize;
        OutputSize = layers[^1].OutputSize;
    }

    /// <summary>Features per raw input sample.</summary>
    public int InputSize { get; }

    /// <summary>Outputs per sample.</summary>
    public int OutputSize { get; }

    /// <summary>How raw inputs are scaled before the first layer; checked against <see cref="InputSize"/> by the network.</summary>
    public InputScaling Scaling
    {
        get => _scaling;
        set => _scaling = value;
    }

    /// <summary>Returns the most probable class of each column of raw inputs.</summary>
    public int[] Predict(Matrix<float> inputs)
    {
        CheckBatch(inputs, nameof(inputs));
        var classes = new int[inputs.ColumnCount];
        Predict(inputs, classes);
        return classes;
    }

    /// <summary>Writes the most probable class of each column of raw inputs into <paramref name="classes"/>.</summary>
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
            FiniteValues.RequireOutputs(MatrixSpans.Values(output), OutputSize, _layers, _network);
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

    /// <summary>Returns the output of each column of raw inputs as a new matrix.</summary>
    public Matrix<float> PredictProbabilities(Matrix<float> inputs)
    {
        CheckBatch(inputs, nameof(inputs));
        Matrix<float> result = MatrixSpans.Dense(OutputSize, inputs.ColumnCount);
        PredictProbabilities(inputs, result);
        return result;
    }

    /// <summary>Writes the output of each column of raw inputs into <paramref name="result"/> (OutputSize × m).</summary>
    public void PredictProbabilities(Matrix<float> inputs, Matrix<float> result)
    {
        CheckBatch(inputs, nameof(inputs));
        MatrixSpans.RequireShape(result, OutputSize, inputs.ColumnCount, "The probabilities", nameof(result));
        InferenceWorkspace ws = Rent(inputs.ColumnCount);
        try
        {
            Span<float> output = MatrixSpans.Values(Infer(inputs, ws));
            FiniteValues.RequireOutputs(output, OutputSize, _layers, _network);
            output.CopyTo(MatrixSpans.Values(result));
        }
        finally
        {
            Return(ws);
        }
    }

    /// <summary>Returns the most probable class of one raw sample.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Predict(ReadOnlySpan<float> sample)
    {
        InferenceWorkspace ws = RentForSample(sample);
        try
        {
            Span<float> output = MatrixSpans.Values(InferSample(sample, ws));
            FiniteValues.RequireOutputs(output, OutputSize, _layers, _network);
            return Elementwise.ArgMax(output);
        }
        finally
        {
            Return(ws);
        }
    }

    /// <summary>Writes the output of one raw sample into <paramref name="probabilities"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PredictProbabilities(ReadOnlySpan<float> sample, Span<float> probabilities)
    {
        if (probabilities.Length != OutputSize)
        {
            throw DestinationMismatch(probabilities.Length, nameof(probabilities));
        }

        InferenceWorkspace ws = RentForSample(sample);
        try
        {
            Span<float> output = MatrixSpans.Values(InferSample(sample, ws));
            FiniteValues.RequireOutputs(output, OutputSize, _layers, _network);
            output.CopyTo(probabilities);
        }
        finally
        {
            Return(ws);
        }
    }

    /// <summary>Returns the output of one raw sample as a new array.</summary>
    public float[] PredictProbabilities(ReadOnlySpan<float> sample)
    {
        var probabilities = new float[OutputSize];
        PredictProbabilities(sample, probabilities);
        return probabilities;
    }

    /// <summary>Runs the inference pass on an already scaled batch into a rented workspace; returns the workspace's output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Matrix<float> InferScaledBatch(Matrix<float> scaled, InferenceWorkspace ws)
    {
        Matrix<float> activations = scaled;
        for (int i = 0; i < _layers.Length; i++)
        {
            _layers[i].Infer(activations, ws.Outputs[i]);
            activations = ws.Outputs[i];
        }

        return activations;
    }

    /// <summary>Takes an inference workspace for <paramref name="batchSize"/> columns from the pool (or makes one); give it back with <see cref="Return"/>.</summary>
    /// <remarks>A workspace of another batch size is re-sized, once.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public InferenceWorkspace Rent(int batchSize)
    {
        if (!_workspaces.TryTake(out InferenceWorkspace? ws))
        {
            ws = new InferenceWorkspace(InputSize, _layers.Select(l => l.OutputSize).ToArray());
        }

        ws.EnsureBatchSize(batchSize);
        return ws;
    }

    /// <summary>Gives a workspace back to the pool.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Return(InferenceWorkspace ws) => _workspaces.Add(ws);

    /// <summary>Throws unless <paramref name="batch"/> has <see cref="InputSize"/> rows, naming the network.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CheckBatch(Matrix<float> batch, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(batch, parameterName);
        if (batch.RowCount != InputSize)
        {
            throw BatchMismatch(batch, parameterName);
        }
    }

    /// <summary>The inference pass on raw inputs (which may be the workspace's own <see cref="InferenceWorkspace.ScaledInput"/>, scaled there in place).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Matrix<float> Infer(Matrix<float> rawInputs, InferenceWorkspace ws, string parameterName = "inputs")
    {
        if (ScaleFoldsIntoFirstLayer(out DenseLayer? first))
        {
            // The inputs' finiteness check rides on the first layer's pre-activations (see DenseLayer.Infer), a sixth
            // of the reads for a 784-128 layer; only when it fires are the inputs scanned, to name the sample and feature, and
            // if they are finite the output check below says what else went wrong.
            if (!first.Infer(rawInputs, ws.Outputs[0], _scaling.Scale[0]))
            {
                FiniteValues.RequireInputs(MatrixSpans.Values(rawInputs), InputSize, _network, parameterName);
            }

            return InferAfterFirstLayer(ws);
        }

        FiniteValues.RequireInputs(MatrixSpans.Values(rawInputs), InputSize, _network, parameterName);
        _scaling.Apply(rawInputs, ws.ScaledInput);
        return InferScaledBatch(ws.ScaledInput, ws);
    }

    /// <summary>The inference pass on one raw sample, read where the caller keeps it when the first layer can take it so.</summary>
    /// <remarks>Not copied into the workspace first: the product helpers read the first layer's input, and a copy into the
    /// same workspace at every prediction writes lines that another core read at the last one, each of which must be
    /// taken back from it first. Measured on 784-128's two-thread product, from 64 samples kept in memory: the copy took
    /// 0.9 µs that way, and the product 12.3 µs with it against 9.4–10.1 µs from the samples themselves; from 2,000
    /// samples, which come from the shared cache either way, whole predictions were 5 % faster without it.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Matrix<float> InferSample(ReadOnlySpan<float> sample, InferenceWorkspace ws)
    {
        if (ScaleFoldsIntoFirstLayer(out DenseLayer? first))
        {
            if (!first.InferSample(sample, ws.Outputs[0], _scaling.Scale[0]))
            {
                FiniteValues.RequireInputs(sample, InputSize, _network, nameof(sample));
            }

            return InferAfterFirstLayer(ws);
        }

        sample.CopyTo(MatrixSpans.Values(ws.ScaledInput));
        return Infer(ws.ScaledInput, ws, nameof(sample));
    }

    /// <summary>Whether the first layer is dense and the scaling one nonzero factor without a shift, so that the factor goes into the first product (<c>W·(s·x) = s·(W·x)</c>) and the raw inputs are read as they are.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ScaleFoldsIntoFirstLayer([NotNullWhen(true)] out DenseLayer? first)
    {
        first = _layers.Length > 0 ? _layers[0] as DenseLayer : null;
        return first is not null && _scaling.Scale.Length == 1 && _scaling.Shift[0] == 0f && _scaling.Scale[0] != 0f;
    }

    /// <summary>The layers after the first, from its output in the workspace.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Matrix<float> InferAfterFirstLayer(InferenceWorkspace ws)
    {
        Matrix<float> activations = ws.Outputs[0];
        for (int i = 1; i < _layers.Length; i++)
        {
            _layers[i].Infer(activations, ws.Outputs[i]);
            activations = ws.Outputs[i];
        }

        return activations;
    }

    /// <summary>Checks the sample's length and rents a one-column workspace for it: one sample takes the batch's path (the scale folded into the first product, the finiteness check on its pre-activations).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private InferenceWorkspace RentForSample(ReadOnlySpan<float> sample)
    {
        if (sample.Length != InputSize)
        {
            throw SampleMismatch(sample.Length, nameof(sample));
        }

        return Rent(1);
    }

    // The messages are built apart, compiled only when one is thrown (see the remarks of Elementwise).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ArgumentException DestinationMismatch(int length, string parameterName) =>
        new($"{_network} has {OutputSize} outputs but the destination holds {length}.", parameterName);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ArgumentException BatchMismatch(Matrix<float> batch, string parameterName) =>
        new($"{_network} expects {InputSize} features per sample but got a {batch.RowCount}x{batch.ColumnCount} batch.", parameterName);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ArgumentException SampleMismatch(int length, string parameterName) =>
        new($"{_network} expects {InputSize} features per sample but got {length}.", parameterName);
}
