using System.Globalization;
using System.Reflection;
using NeuralNet.Activations;
using NeuralNet.Compute;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Preprocessing;

namespace NeuralNet.Serialization.Onnx;

/// <summary>Translates a <see cref="Network"/> into an ONNX <see cref="ModelProto"/> held in memory.</summary>
/// <remarks>
/// <para>The graph, for a network with input scaling and layers 0..L−1:</para>
/// <code>
/// input [N, features] → Mul(scale) → Add(shift) → Gemm(W0, b0, transB=1) → activation → ... → output [N, outputs]
/// </code>
/// <para>Dropout layers are the identity at inference and add no node, as in a PyTorch model exported in eval mode.</para>
/// <para>NeuralNet computes <c>Z = W·A + b</c> on samples as columns; ONNX tensors hold samples as rows, where the same
/// map is <c>Z = A·Wᵀ + b</c>: Gemm with <c>transB = 1</c> and B = W (out × in) stored row-major. MathNet keeps W
/// column-major, so the initializer bytes are W transposed in memory.</para>
/// <para>Every check runs before the first byte is produced, so an unsupported network is rejected without side effects.</para>
/// </remarks>
internal static class OnnxModelBuilder
{
    /// <summary>Builds the whole model; throws before building anything if a layer or activation has no ONNX counterpart.</summary>
    /// <exception cref="NotSupportedException">A layer or an activation cannot be expressed in ONNX.</exception>
    public static ModelProto Build(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        CheckSupported(network);

        var graph = new GraphProto
        {
            Name = network.ToString(),
            DocString = $"{network} exported by NeuralNet. Input '{OnnxExporter.InputName}': raw features, scaled inside the graph ({network.InputScaling}).",
        };
        graph.Input.Add(OnnxProtos.TensorValue(OnnxExporter.InputName, network.InputSize));

        string current = AddInputScaling(graph, network.InputScaling);
        for (int i = 0; i < network.Layers.Count; i++)
        {
            // Dropout is skipped: at inference it passes its input through.
            if (network.Layers[i] is DenseLayer dense)
            {
                current = AddDense(graph, dense, i, current);
            }
        }

        // The last node's result is the graph output; a network that leaves its input unchanged still needs one node.
        if (graph.Node.Count == 0)
        {
            graph.Node.Add(OnnxProtos.Node("Identity", "output_identity", [current], OnnxExporter.OutputName));
        }
        else
        {
            graph.Node[^1].Output[0] = OnnxExporter.OutputName;
        }

        graph.Output.Add(OnnxProtos.TensorValue(OnnxExporter.OutputName, network.OutputSize));

        var model = new ModelProto
        {
            IrVersion = OnnxExporter.IrVersion,
            ProducerName = "NeuralNet",
            ProducerVersion = ProducerVersion(),
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxExporter.OpsetVersion });
        return model;
    }

    /// <summary>The library's version without source-control metadata, such as <c>0.1.0</c>.</summary>
    internal static string ProducerVersion()
    {
        Assembly assembly = typeof(Network).Assembly;
        string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrEmpty(informational))
        {
            int plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? informational : informational[..plus];
        }

        return assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }

    private static void CheckSupported(Network network)
    {
        for (int i = 0; i < network.Layers.Count; i++)
        {
            Layer layer = network.Layers[i];
            if (layer is Dropout)
            {
                continue;
            }

            if (layer is not DenseLayer dense)
            {
                throw new NotSupportedException(
                    $"Layer {i} of {network} ({layer}, a {layer.GetType().Name}) cannot be exported to ONNX; supported layers: DenseLayer, Dropout.");
            }

            if (ActivationOperator(dense.Activation) is null && dense.Activation is not Identity)
            {
                throw new NotSupportedException(
                    $"Layer {i} of {network} ({dense}) uses activation '{dense.Activation.Name}' (a {dense.Activation.GetType().Name}), which cannot be exported to ONNX; supported activations: ReLU, LeakyReLU, Sigmoid, Tanh, Softmax, Identity.");
            }
        }
    }

    /// <summary>The ONNX operator of an activation, or null for <see cref="Identity"/> (no node) and for activations ONNX cannot express.</summary>
    private static string? ActivationOperator(Activation activation) => activation switch
    {
        Relu => "Relu",
        LeakyRelu => "LeakyRelu",
        Sigmoid => "Sigmoid",
        Tanh => "Tanh",
        Softmax => "Softmax",
        _ => null,
    };

    /// <summary>Adds <c>x·scale + shift</c> as Mul and Add nodes (each only when it changes something); returns the scaled tensor's name.</summary>
    /// <remarks>Kept as operators rather than folded into the first Gemm so the graph rounds as <see cref="InputScaling.Apply(ReadOnlySpan{float}, Span{float})"/> does.</remarks>
    private static string AddInputScaling(GraphProto graph, InputScaling scaling)
    {
        string current = OnnxExporter.InputName;
        ReadOnlySpan<float> scale = scaling.Scale;
        ReadOnlySpan<float> shift = scaling.Shift;
        if (scale.ContainsAnyExcept(1f))
        {
            graph.Initializer.Add(OnnxProtos.Tensor("input_scale", scale, [scale.Length]));
            graph.Node.Add(OnnxProtos.Node("Mul", "input_scale_mul", [current, "input_scale"], "input_scaled"));
            current = "input_scaled";
        }

        if (shift.ContainsAnyExcept(0f))
        {
            graph.Initializer.Add(OnnxProtos.Tensor("input_shift", shift, [shift.Length]));
            graph.Node.Add(OnnxProtos.Node("Add", "input_shift_add", [current, "input_shift"], "input_shifted"));
            current = "input_shifted";
        }

        return current;
    }

    private static string AddDense(GraphProto graph, DenseLayer layer, int index, string input)
    {
        string prefix = string.Create(CultureInfo.InvariantCulture, $"layer{index}");
        graph.Initializer.Add(OnnxProtos.Tensor($"{prefix}.weights", RowMajor(layer.Weights), [layer.OutputSize, layer.InputSize]));
        graph.Initializer.Add(OnnxProtos.Tensor($"{prefix}.biases", layer.Biases.ValueSpan, [layer.OutputSize]));

        NodeProto gemm = OnnxProtos.Node("Gemm", $"{prefix}.gemm", [input, $"{prefix}.weights", $"{prefix}.biases"], $"{prefix}.z");
        gemm.Attribute.Add(OnnxProtos.IntAttribute("transB", 1));
        graph.Node.Add(gemm);

        string? op = ActivationOperator(layer.Activation);
        if (op is null)
        {
            return $"{prefix}.z"; // Identity: the pre-activation is the activation
        }

        NodeProto activation = OnnxProtos.Node(op, $"{prefix}.{op.ToLowerInvariant()}", [$"{prefix}.z"], $"{prefix}.a");
        switch (layer.Activation)
        {
            case LeakyRelu leaky:
                activation.Attribute.Add(OnnxProtos.FloatAttribute("alpha", leaky.Slope));
                break;
            case Softmax:
                activation.Attribute.Add(OnnxProtos.IntAttribute("axis", 1)); // the class axis of [N, classes]
                break;
        }

        graph.Node.Add(activation);
        return $"{prefix}.a";
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
