using NeuralNet.Compute;
using NeuralNet.Layers;

namespace NeuralNet.Serialization.Onnx;

/// <summary>A <see cref="DenseLayer"/> as Gemm (<c>transB = 1</c>) and its activation, after a Flatten when the layer before is an image layer.</summary>
/// <remarks>NeuralNet computes <c>Z = W·A + b</c> on samples as columns; ONNX tensors hold samples as rows, where the same
/// map is <c>Z = A·Wᵀ + b</c>: Gemm with <c>transB = 1</c> and B = W (out × in) stored row-major. MathNet keeps W
/// column-major, so the initializer bytes are W transposed in memory. The Flatten of an [N, C, H, W] tensor gives the
/// column's own order, so W needs no permutation after a convolution or pooling.</remarks>
internal sealed class DenseLayerEmitter() : OnnxLayerEmitter(typeof(DenseLayer))
{
    /// <inheritdoc />
    public override string? Unsupported(Layer layer) => OnnxActivations.Unsupported(layer, ((DenseLayer)layer).Activation);

    /// <inheritdoc />
    public override void Emit(OnnxGraph graph, Layer layer, string prefix)
    {
        var dense = (DenseLayer)layer;
        graph.AsFlat(prefix);
        graph.Initialize(OnnxProtos.Tensor($"{prefix}.weights", RowMajor(dense.Weights), [dense.OutputSize, dense.InputSize]));
        graph.Initialize(OnnxProtos.Tensor($"{prefix}.biases", dense.Biases.ValueSpan, [dense.OutputSize]));

        NodeProto gemm = OnnxProtos.Node("Gemm", $"{prefix}.gemm", [graph.Current, $"{prefix}.weights", $"{prefix}.biases"], $"{prefix}.z");
        gemm.Attribute.Add(OnnxProtos.IntAttribute("transB", 1));
        graph.Add(gemm, null);
        OnnxActivations.Emit(graph, dense.Activation, prefix);
    }

    /// <summary>W's values in row-major order (row r, column c at r·in + c), as ONNX stores a [out, in] tensor.</summary>
    private static float[] RowMajor(Parameter weights)
    {
        int rows = weights.Value.RowCount;
        int columns = weights.Value.ColumnCount;
        ReadOnlySpan<float> columnMajor = MatrixSpans.Values(weights.Value);
        var rowMajor = new float[columnMajor.Length];
        for (int c = 0; c < columns; c++)
        {
            for (int r = 0; r < rows; r++)
            {
                rowMajor[(r * columns) + c] = columnMajor[(c * rows) + r];
            }
        }

        return rowMajor;
    }
}
