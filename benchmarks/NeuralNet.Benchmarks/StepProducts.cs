using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;

namespace NeuralNet.Benchmarks;

/// <summary>Exactly the matrix products of one training step of a fully-connected network, on matrices of their own.</summary>
/// <remarks>Forward Z = W·A for every layer; backward dW = (1/m)·dZ·Aᵀ for every layer and dA = Wᵀ·dZ for all but the first.</remarks>
internal sealed class StepProducts
{
    private readonly MatrixMultiplier _gemm;
    private readonly Matrix<float>[] _weights;
    private readonly Matrix<float>[] _activations;
    private readonly Matrix<float>[] _deltas;
    private readonly Matrix<float>[] _weightGradients;
    private readonly int _batchSize;

    public StepProducts(int[] sizes, int batchSize, MatrixMultiplier gemm)
    {
        _gemm = gemm;
        _batchSize = batchSize;
        var random = new Random(3);
        Matrix<float> Fill(int rows, int columns) => Matrix<float>.Build.Dense(rows, columns, (_, _) => (float)random.NextDouble());
        int layers = sizes.Length - 1;
        _weights = Enumerable.Range(0, layers).Select(l => Fill(sizes[l + 1], sizes[l])).ToArray();
        _weightGradients = Enumerable.Range(0, layers).Select(l => Fill(sizes[l + 1], sizes[l])).ToArray();
        _activations = Enumerable.Range(0, layers + 1).Select(l => Fill(sizes[l], batchSize)).ToArray();
        _deltas = Enumerable.Range(0, layers + 1).Select(l => Fill(sizes[l], batchSize)).ToArray();
    }

    public void Run()
    {
        for (int l = 0; l < _weights.Length; l++)
        {
            _gemm.Multiply(_weights[l], _activations[l], _activations[l + 1]);
        }

        for (int l = _weights.Length - 1; l >= 0; l--)
        {
            _gemm.MultiplyTransposeRight(_deltas[l + 1], _activations[l], _weightGradients[l], 1f / _batchSize);
            if (l > 0)
            {
                _gemm.MultiplyTransposeLeft(_weights[l], _deltas[l + 1], _deltas[l]);
            }
        }
    }

    public void FirstLayerForward() => _gemm.Multiply(_weights[0], _activations[0], _activations[1]);
}
