using System.Buffers.Binary;
using NeuralNet.Serialization.Onnx;

namespace NeuralNet.Tests.Serialization.Onnx;

/// <summary>Runs a parsed ONNX graph on samples as rows, for the few operators an export uses, the way the ONNX spec defines them.</summary>
/// <remarks>Written from the operator definitions (Gemm: Y = A·B' + C with B' = Bᵀ when transB = 1), not from the exporter,
/// so that a wrong layout or attribute shows up as a different answer from <see cref="Network.PredictProbabilities(Matrix{float})"/>.</remarks>
internal static class OnnxGraphEvaluator
{
    /// <summary>Evaluates the graph on <paramref name="rows"/> (samples × features, row-major) and returns the graph output, samples × outputs.</summary>
    public static float[,] Run(ModelProto model, float[,] rows)
    {
        GraphProto graph = model.Graph;
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            [graph.Input[0].Name] = Tensor.FromRows(rows),
        };
        foreach (TensorProto initializer in graph.Initializer)
        {
            values[initializer.Name] = Tensor.FromProto(initializer);
        }

        foreach (NodeProto node in graph.Node)
        {
            Tensor x = values[node.Input[0]];
            values[node.Output[0]] = node.OpType switch
            {
                "Gemm" => Gemm(x, values[node.Input[1]], values[node.Input[2]], IntAttribute(node, "transB", 0)),
                "Mul" => Broadcast(x, values[node.Input[1]], (a, b) => a * b),
                "Add" => Broadcast(x, values[node.Input[1]], (a, b) => a + b),
                "Relu" => x.Map(v => MathF.Max(v, 0f)),
                "LeakyRelu" => x.Map(v => v >= 0f ? v : FloatAttribute(node, "alpha", 0.01f) * v),
                "Sigmoid" => x.Map(v => 1f / (1f + MathF.Exp(-v))),
                "Tanh" => x.Map(MathF.Tanh),
                "Softmax" => SoftmaxRows(x, IntAttribute(node, "axis", -1)),
                "Identity" => x,
                _ => throw new NotSupportedException($"The test evaluator has no operator {node.OpType}."),
            };
        }

        Tensor output = values[graph.Output[0].Name];
        var result = new float[output.Dims[0], output.Dims[1]];
        for (int r = 0; r < output.Dims[0]; r++)
        {
            for (int c = 0; c < output.Dims[1]; c++)
            {
                result[r, c] = output.Data[(r * output.Dims[1]) + c];
            }
        }

        return result;
    }

    private static long IntAttribute(NodeProto node, string name, long fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.I : fallback;

    private static float FloatAttribute(NodeProto node, string name, float fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.F : fallback;

    private static Tensor Gemm(Tensor a, Tensor b, Tensor c, long transB)
    {
        int m = a.Dims[0];
        int k = a.Dims[1];
        int n = transB == 1 ? b.Dims[0] : b.Dims[1];
        int bk = transB == 1 ? b.Dims[1] : b.Dims[0];
        if (bk != k)
        {
            throw new InvalidOperationException($"Gemm inner dimensions differ: A is {m}x{k}, B gives {bk}.");
        }

        var y = new float[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float bValue = transB == 1 ? b.Data[(j * k) + p] : b.Data[(p * n) + j];
                    sum += a.Data[(i * k) + p] * (double)bValue;
                }

                y[(i * n) + j] = (float)sum + c.Data[c.Data.Length == 1 ? 0 : j];
            }
        }

        return new Tensor([m, n], y);
    }

    private static Tensor Broadcast(Tensor x, Tensor b, Func<float, float, float> op)
    {
        int columns = x.Dims[1];
        var y = new float[x.Data.Length];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = op(x.Data[i], b.Data[b.Data.Length == 1 ? 0 : i % columns]);
        }

        return new Tensor(x.Dims, y);
    }

    private static Tensor SoftmaxRows(Tensor x, long axis)
    {
        if (axis is not (1 or -1))
        {
            throw new NotSupportedException($"The test evaluator computes Softmax over axis 1 only, not {axis}.");
        }

        int columns = x.Dims[1];
        var y = new float[x.Data.Length];
        for (int r = 0; r < x.Dims[0]; r++)
        {
            ReadOnlySpan<float> row = x.Data.AsSpan(r * columns, columns);
            float max = row.ToArray().Max();
            double total = 0;
            for (int c = 0; c < columns; c++)
            {
                total += Math.Exp(row[c] - max);
            }

            for (int c = 0; c < columns; c++)
            {
                y[(r * columns) + c] = (float)(Math.Exp(row[c] - max) / total);
            }
        }

        return new Tensor(x.Dims, y);
    }

    private sealed record Tensor(int[] Dims, float[] Data)
    {
        public static Tensor FromRows(float[,] rows)
        {
            int n = rows.GetLength(0);
            int f = rows.GetLength(1);
            var data = new float[n * f];
            for (int r = 0; r < n; r++)
            {
                for (int c = 0; c < f; c++)
                {
                    data[(r * f) + c] = rows[r, c];
                }
            }

            return new Tensor([n, f], data);
        }

        public static Tensor FromProto(TensorProto proto)
        {
            ReadOnlySpan<byte> bytes = proto.RawData.Span;
            var data = new float[bytes.Length / sizeof(float)];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
            }

            return new Tensor(proto.Dims.Select(d => (int)d).ToArray(), data);
        }

        public Tensor Map(Func<float, float> f) => new(Dims, Data.Select(f).ToArray());
    }
}
