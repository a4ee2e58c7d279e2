using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Compute;

namespace NeuralNet.Layers;

/// <summary>A trainable matrix and the gradient of the loss with respect to it, the pair an optimizer walks.</summary>
/// <remarks>The gradient has the value's shape and is overwritten by each backward pass; optimizers read it and update the value in place.</remarks>
public sealed class Parameter
{
    /// <summary>Creates a parameter of the given shape, filled with zeros, with a zero gradient.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    /// <exception cref="ArgumentException">The value and its gradient do not fit one array or the machine's memory.</exception>
    public Parameter(string name, int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        _ = ElementBudget.Count(rows, columns, $"Parameter '{name}' ({rows}x{columns}) and its gradient", nameof(rows), copies: 2);
        Name = name;
        Value = MatrixSpans.Dense(rows, columns);
        Gradient = MatrixSpans.Dense(rows, columns);
    }

    /// <summary>A name such as <c>weights</c> or <c>biases</c>.</summary>
    public string Name { get; }

    /// <summary>The values the network computes with.</summary>
    public Matrix<float> Value { get; }

    /// <summary>dLoss/dValue from the last backward pass (a batch mean).</summary>
    public Matrix<float> Gradient { get; }

    /// <summary>The number of scalars: rows × columns.</summary>
    public int Length => Value.RowCount * Value.ColumnCount;

    /// <summary>The values as one span (column-major).</summary>
    public Span<float> ValueSpan => MatrixSpans.Values(Value);

    /// <summary>The gradient as one span, in the same order as <see cref="ValueSpan"/>.</summary>
    public Span<float> GradientSpan => MatrixSpans.Values(Gradient);

    /// <summary>Returns the name and shape, such as <c>weights 128x784</c>.</summary>
    public override string ToString() => $"{Name} {Value.RowCount}x{Value.ColumnCount}";
}
