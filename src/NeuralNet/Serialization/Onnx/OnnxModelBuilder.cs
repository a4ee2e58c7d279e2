using System.Reflection;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Preprocessing;

namespace NeuralNet.Serialization.Onnx;

/// <summary>Translates a <see cref="Network"/> into an ONNX <see cref="ModelProto"/> held in memory.</summary>
/// <remarks>
/// <para>The graph, for a network with input scaling and layers 0..L−1, each written by its emitter
/// (<see cref="OnnxLayerEmitters"/>):</para>
/// <code>
/// input [N, features] → Mul(scale) → Add(shift) → layer 0's nodes → ... → layer L−1's nodes → output [N, outputs]
/// </code>
/// <para>A dense layer is Gemm and its activation; a convolution Conv and its activation; the poolings MaxPool and
/// AveragePool; a batch norm BatchNormalization; dropout no node. The tensor between layers is [N, features] or
/// [N, C, H, W]: a Reshape comes before the first image layer (and wherever a layer reads another shape), a
/// Flatten (axis 1) before a dense layer or a flat batch norm that follows an image layer, and before the output when
/// the last layer is an image layer. Both are free of any permutation, since a column is C × H × W channel-major.</para>
/// <para>Every check runs before the first byte is produced, so an unsupported network is rejected without side effects.</para>
/// </remarks>
internal static class OnnxModelBuilder
{
    /// <summary>Builds the whole model; throws before building anything if a layer or activation has no ONNX counterpart.</summary>
    /// <exception cref="NotSupportedException">A layer or an activation cannot be expressed in ONNX.</exception>
    public static ModelProto Build(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        OnnxLayerEmitter[] emitters = CheckSupported(network);

        var proto = new GraphProto
        {
            Name = network.ToString(),
            DocString = $"{network} exported by NeuralNet. Input '{OnnxExporter.InputName}': raw features, scaled inside the graph ({network.InputScaling}).",
        };
        proto.Input.Add(OnnxProtos.TensorValue(OnnxExporter.InputName, network.InputSize));

        var graph = new OnnxGraph(proto, AddInputScaling(proto, network.InputScaling));
        for (int i = 0; i < network.Layers.Count; i++)
        {
            emitters[i].Emit(graph, network.Layers[i], OnnxGraph.Prefix(i));
        }

        // The graph's output is [N, outputs], as Predict's rows are.
        graph.AsFlat("output");

        // The last node's result is the graph output; a network that leaves its input unchanged still needs one node.
        if (proto.Node.Count == 0)
        {
            proto.Node.Add(OnnxProtos.Node("Identity", "output_identity", [graph.Current], OnnxExporter.OutputName));
        }
        else
        {
            proto.Node[^1].Output[0] = OnnxExporter.OutputName;
        }

        proto.Output.Add(OnnxProtos.TensorValue(OnnxExporter.OutputName, network.OutputSize));

        var model = new ModelProto
        {
            IrVersion = OnnxExporter.IrVersion,
            ProducerName = "NeuralNet",
            ProducerVersion = ProducerVersion(),
            Graph = proto,
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

    /// <summary>Finds every layer's emitter and asks it whether it can write its layer; throws naming the first that cannot.</summary>
    private static OnnxLayerEmitter[] CheckSupported(Network network)
    {
        var emitters = new OnnxLayerEmitter[network.Layers.Count];
        for (int i = 0; i < emitters.Length; i++)
        {
            Layer layer = network.Layers[i];
            emitters[i] = OnnxLayerEmitters.For(layer) ?? throw new NotSupportedException(
                $"Layer {i} of {network} ({layer}, a {layer.GetType().Name}) cannot be exported to ONNX; supported layers: {OnnxLayerEmitters.TypeNames()}.");
            if (emitters[i].Unsupported(layer) is { } reason)
            {
                throw new NotSupportedException($"Layer {i} of {network} ({layer}) {reason}.");
            }
        }

        return emitters;
    }

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
}
