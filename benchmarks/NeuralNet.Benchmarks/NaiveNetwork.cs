using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Layers;

namespace NeuralNet.Benchmarks;

/// <summary>The textbook version of a training step, written with MathNet's operators: every operation returns a new matrix.</summary>
/// <remarks>The baseline the library's hot loop is measured against (ReLU hidden layers, softmax + cross-entropy output, SGD).</remarks>
internal sealed class NaiveNetwork
{
    private readonly Matrix<float>[] _weights;
    private readonly Matrix<float>[] _biases;

    /// <summary>Copies the weights of <paramref name="network"/> (DenseLayers only).</summary>
    public NaiveNetwork(Network network)
    {
        _weights = network.Layers.Cast<DenseLayer>().Select(l => l.Weights.Value.Clone()).ToArray();
        _biases = network.Layers.Cast<DenseLayer>().Select(l => l.Biases.Value.Clone()).ToArray();
    }

    public void Step(Matrix<float> x, Matrix<float> y, float learningRate)
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

            _weights[l] = _weights[l] - (learningRate * dw);
            _biases[l] = _biases[l] - (learningRate * db);
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
