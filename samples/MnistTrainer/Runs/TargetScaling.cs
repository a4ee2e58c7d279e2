using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet;
using NeuralNet.Data;
using NeuralNet.Layers;

namespace MnistTrainer.Runs;

/// <summary>Standardizes a regression's targets for training, and folds the standardization back into the output layer afterwards, so that the saved model predicts in the targets' own units.</summary>
/// <remarks>
/// <para>Why: Adam moves every parameter by about the learning rate per step, so an output bias that must reach a
/// target's mean of 250,000 (a house price) would take millions of steps, and the squared error's gradients grow with the
/// targets' square. Trained on <c>z = (y − μ) / σ</c> (each target's mean and deviation over the training part only)
/// the network learns numbers near 0 and 1, as it does for classes.</para>
/// <para>The output layer is the identity, <c>ẑ = W·h + b</c>, so <c>ŷ = σ·ẑ + μ = (σ·W)·h + (σ·b + μ)</c>: after
/// training, row t of W is multiplied by σ_t and b_t becomes σ_t·b_t + μ_t. The model file then needs nothing new, and
/// every reader of it (the CLI, the library's <c>Predict</c>, ONNX) gets the targets' units. The training and
/// validation losses of the history are of the standardized targets; the test figures are in the targets' units.</para>
/// </remarks>
internal sealed class TargetScaling
{
    private readonly float[] _means;
    private readonly float[] _deviations;

    private TargetScaling(float[] means, float[] deviations)
    {
        _means = means;
        _deviations = deviations;
    }

    /// <summary>Each target's mean μ over the training samples.</summary>
    public IReadOnlyList<float> Means => _means;

    /// <summary>Each target's standard deviation σ over the training samples (1 for a target that never varies).</summary>
    public IReadOnlyList<float> Deviations => _deviations;

    /// <summary>The means and deviations of <paramref name="train"/>'s targets, accumulated in double precision.</summary>
    /// <exception cref="ArgumentException">The set is not a regression set.</exception>
    public static TargetScaling Fit(Dataset train)
    {
        Matrix<float> targets = train.Targets ?? throw new ArgumentException($"{train} has no regression targets.", nameof(train));
        var means = new float[targets.RowCount];
        var deviations = new float[targets.RowCount];
        for (int t = 0; t < targets.RowCount; t++)
        {
            double sum = 0;
            for (int j = 0; j < targets.ColumnCount; j++)
            {
                sum += targets[t, j];
            }

            double mean = sum / Math.Max(1, targets.ColumnCount);
            double squares = 0;
            for (int j = 0; j < targets.ColumnCount; j++)
            {
                double d = targets[t, j] - mean;
                squares += d * d;
            }

            float deviation = (float)Math.Sqrt(squares / Math.Max(1, targets.ColumnCount));
            means[t] = (float)mean;
            deviations[t] = deviation > 0f && float.IsFinite(deviation) ? deviation : 1f;
        }

        return new TargetScaling(means, deviations);
    }

    /// <summary>The set with its targets standardized, <c>z = (y − μ) / σ</c>; its inputs, scaling and names unchanged.</summary>
    public Dataset Apply(Dataset data)
    {
        Matrix<float> targets = data.Targets ?? throw new ArgumentException($"{data} has no regression targets.", nameof(data));
        Matrix<float> scaled = Matrix<float>.Build.Dense(targets.RowCount, targets.ColumnCount, (t, j) => (targets[t, j] - _means[t]) / _deviations[t]);
        return Dataset.ForRegression(data.Inputs, scaled, data.Scaling, data.FeatureNames);
    }

    /// <summary>Makes <paramref name="network"/>, trained on standardized targets, predict in the targets' units: its output layer's row t times σ_t, its bias σ_t·b_t + μ_t.</summary>
    /// <exception cref="ArgumentException">The network's last layer is not a dense layer with an output per target.</exception>
    public void FoldInto(Network network)
    {
        if (network.Layers[^1] is not DenseLayer output || output.OutputSize != _means.Length)
        {
            throw new ArgumentException($"{network} does not end in a dense layer of {_means.Length} outputs.", nameof(network));
        }

        Matrix<float> weights = output.Weights.Value;
        Span<float> biases = output.Biases.ValueSpan;
        for (int t = 0; t < _means.Length; t++)
        {
            for (int i = 0; i < weights.ColumnCount; i++)
            {
                weights[t, i] *= _deviations[t];
            }

            biases[t] = (_deviations[t] * biases[t]) + _means[t];
        }
    }

    /// <summary>The scaling for the console: <c>mean 233.1, deviation 71.42</c>, one pair per target.</summary>
    public override string ToString() =>
        string.Join("; ", _means.Select((m, t) => string.Create(CultureInfo.InvariantCulture, $"mean {m:G5}, deviation {_deviations[t]:G5}")));
}
