using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;

namespace NeuralNet.Training;

/// <summary>Sums over a regression set's chunks what <see cref="RegressionMetrics"/> needs: per target Σy, Σy², Σ(ŷ − y)², and Σ|ŷ − y|.</summary>
/// <remarks>In double, so that Σy² − (Σy)²/n (the target's total sum of squares) keeps its digits for any set a float matrix can hold.</remarks>
internal sealed class RegressionTally(int targets)
{
    private readonly double[] _sum = new double[targets];
    private readonly double[] _sumOfSquares = new double[targets];
    private readonly double[] _squaredError = new double[targets];
    private double _absoluteError;
    private long _samples;

    /// <summary>Adds a chunk: outputs and targets, targets × m each.</summary>
    public void Add(Matrix<float> outputs, Matrix<float> values)
    {
        ReadOnlySpan<float> predicted = MatrixSpans.Values(outputs);
        ReadOnlySpan<float> actual = MatrixSpans.Values(values);
        for (int i = 0; i < actual.Length; i++)
        {
            int t = i % targets;
            double y = actual[i];
            double error = predicted[i] - y;
            _sum[t] += y;
            _sumOfSquares[t] += y * y;
            _squaredError[t] += error * error;
            _absoluteError += Math.Abs(error);
        }

        _samples += values.ColumnCount;
    }

    /// <summary>The figures over everything added.</summary>
    public RegressionMetrics Metrics()
    {
        if (_samples == 0)
        {
            return new RegressionMetrics(double.NaN, double.NaN, double.NaN, 0);
        }

        double n = _samples;
        double r2 = 0;
        for (int t = 0; t < targets; t++)
        {
            double total = _sumOfSquares[t] - (_sum[t] * _sum[t] / n);
            r2 += total > 0 ? 1 - (_squaredError[t] / total) : _squaredError[t] == 0 ? 1 : 0;
        }

        double elements = n * targets;
        return new RegressionMetrics(_absoluteError / elements, Math.Sqrt(_squaredError.Sum() / elements), r2 / targets, _samples);
    }
}
