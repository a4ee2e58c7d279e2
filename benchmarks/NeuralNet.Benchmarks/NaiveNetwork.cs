using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Layers;

namespace NeuralNet.Benchmarks;

/// <summary>The textbook version of a training step, written with MathNet's operators: every operation returns a new matrix.</summary>
/// <remarks>
/// The baseline the library's hot loop is measured against: ReLU hidden layers, softmax + cross-entropy output, and the
/// same update rule as the library's optimizer (SGD, momentum or Adam, in PyTorch's formulation), all with operators.
/// </remarks>
internal sealed class NaiveNetwork
{
    private const float Beta1 = 0.9f;
    private const float Beta2 = 0.999f;
    private const float Epsilon = 1e-8f;
    private const float MomentumFactor = 0.9f;

    private readonly Matrix<float>[] _weights;
    private readonly Matrix<float>[] _biases;
    private readonly string _optimizer;
    private readonly float _learningRate;
    private readonly Matrix<float>?[] _first;
    private readonly Matrix<float>?[] _second;
    private int _t;

    /// <summary>Copies the weights of <paramref name="network"/> (DenseLayers only) and updates them with <paramref name="optimizer"/>.</summary>
    public NaiveNetwork(Network network, string optimizer)
    {
        _weights = network.Layers.Cast<DenseLayer>().Select(l => l.Weights.Value.Clone()).ToArray();
        _biases = network.Layers.Cast<DenseLayer>().Select(l => l.Biases.Value.Clone()).ToArray();
        _optimizer = optimizer;
        _learningRate = Workload.LearningRate(optimizer);
        _first = new Matrix<float>?[2 * _weights.Length];
        _second = new Matrix<float>?[2 * _weights.Length];
    }

    public void Step(Matrix<float> x, Matrix<float> y)
    {
        int m = x.ColumnCount;
        int layers = _weights.Length;
        var zs = new Matrix<float>[layers];
        var activations = new Matrix<float>[layers + 1];
        activations[0] = x;
        Matrix<float> ones = Matrix<float>.Build.Dense(1, m, 1f);
        for (int l = 0; l < layers; l++)
        {
            zs[l] = (_weights[l] * activations[l]) + (_biases[l] * ones);
            activations[l + 1] = l < layers - 1 ? zs[l].PointwiseMaximum(0f) : Softmax(zs[l]);
        }

        _t++;
        Matrix<float> dz = activations[layers] - y;
        for (int l = layers - 1; l >= 0; l--)
        {
            Matrix<float> dw = dz * activations[l].Transpose() / m;
            Matrix<float> db = dz.RowSums().ToColumnMatrix() / m;
            if (l > 0)
            {
                Matrix<float> da = _weights[l].Transpose() * dz;
                dz = da.PointwiseMultiply(zs[l - 1].Map(v => v > 0f ? 1f : 0f));
            }

            _weights[l] = _weights[l] - Update(2 * l, dw);
            _biases[l] = _biases[l] - Update((2 * l) + 1, db);
        }
    }

    /// <summary>The step to subtract from parameter <paramref name="index"/> for gradient <paramref name="g"/>.</summary>
    private Matrix<float> Update(int index, Matrix<float> g)
    {
        switch (_optimizer)
        {
            case "sgd":
                return _learningRate * g;
            case "momentum":
                // v ← g at the first step, v ← μ·v + g afterwards; θ ← θ − lr·v
                _first[index] = _first[index] is { } v ? (MomentumFactor * v) + g : g.Clone();
                return _learningRate * _first[index]!;
            default:
                // m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; θ ← θ − lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε)
                _first[index] = (Beta1 * (_first[index] ?? g * 0f)) + ((1f - Beta1) * g);
                _second[index] = (Beta2 * (_second[index] ?? g * 0f)) + ((1f - Beta2) * g.PointwiseMultiply(g));
                float stepSize = _learningRate / (1f - MathF.Pow(Beta1, _t));
                float rootCorrection2 = MathF.Sqrt(1f - MathF.Pow(Beta2, _t));
                Matrix<float> denominator = (_second[index]!.PointwiseSqrt() / rootCorrection2) + Epsilon;
                return stepSize * _first[index]!.PointwiseDivide(denominator);
        }
    }

    private static Matrix<float> Softmax(Matrix<float> z)
    {
        Matrix<float> result = Matrix<float>.Build.Dense(z.RowCount, z.ColumnCount);
        for (int j = 0; j < z.ColumnCount; j++)
        {
            Vector<float> column = z.Column(j);
            Vector<float> e = (column - column.Maximum()).PointwiseExp();
            result.SetColumn(j, e / e.Sum());
        }

        return result;
    }
}
