using System.Globalization;
using NeuralNet.Layers;

namespace NeuralNet.Serialization.Onnx;

/// <summary>The graph an export is building: its nodes and initializers, the tensor the next layer reads, and whether that tensor is [N, features] or [N, C, H, W].</summary>
/// <remarks>
/// NeuralNet's columns are C × H × W channel-major, so a sample's features in ONNX's [N, features] row are, value for
/// value, its [C, H, W] tensor in NCHW order: turning one into the other is a Reshape (to [−1, C, H, W]) or a
/// Flatten (axis 1), never a transpose, and a dense layer after an image layer needs no permutation of its weights.
/// </remarks>
internal sealed class OnnxGraph(GraphProto proto, string input)
{
    /// <summary>The graph being built.</summary>
    public GraphProto Proto { get; } = proto;

    /// <summary>The name of the tensor the next layer reads.</summary>
    public string Current { get; private set; } = input;

    /// <summary>The shape of each sample of <see cref="Current"/> when it is an [N, C, H, W] tensor, or null when it is [N, features].</summary>
    public SampleShape? Image { get; private set; }

    /// <summary>The prefix of the names of layer <paramref name="index"/>'s nodes and initializers: <c>layer3</c>.</summary>
    public static string Prefix(int index) => string.Create(CultureInfo.InvariantCulture, $"layer{index}");

    /// <summary>Adds an initializer.</summary>
    public void Initialize(TensorProto tensor) => Proto.Initializer.Add(tensor);

    /// <summary>Adds <paramref name="node"/>, whose output becomes <see cref="Current"/>: an image of <paramref name="image"/> per sample, or flat when null.</summary>
    public void Add(NodeProto node, SampleShape? image)
    {
        Proto.Node.Add(node);
        Current = node.Output[0];
        Image = image;
    }

    /// <summary>Makes <see cref="Current"/> an [N, C, H, W] tensor of <paramref name="shape"/>: a Reshape from [N, features] (the batch as −1), nothing when it already is one.</summary>
    public void AsImage(SampleShape shape, string prefix)
    {
        if (Image == shape)
        {
            return;
        }

        if (Image is not null)
        {
            AsFlat(prefix);
        }

        Initialize(OnnxProtos.Int64Tensor($"{prefix}.shape", [-1, shape.Channels, shape.Height, shape.Width]));
        Add(OnnxProtos.Node("Reshape", $"{prefix}.reshape", [Current, $"{prefix}.shape"], $"{prefix}.image"), shape);
    }

    /// <summary>Makes <see cref="Current"/> an [N, features] tensor: a Flatten (axis 1) of an image, nothing when it already is flat.</summary>
    public void AsFlat(string prefix)
    {
        if (Image is null)
        {
            return;
        }

        NodeProto flatten = OnnxProtos.Node("Flatten", $"{prefix}.flatten", [Current], $"{prefix}.flat");
        flatten.Attribute.Add(OnnxProtos.IntAttribute("axis", 1));
        Add(flatten, null);
    }
}
