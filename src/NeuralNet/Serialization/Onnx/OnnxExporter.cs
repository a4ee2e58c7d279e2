using Google.Protobuf;
using NeuralNet.IO;
using NeuralNet.Preprocessing;

namespace NeuralNet.Serialization.Onnx;

/// <summary>Writes a trained <see cref="Network"/> (<c>network.ExportOnnx(path)</c>, with <c>using NeuralNet.Serialization.Onnx;</c>) as an ONNX model that ONNX Runtime, OpenCV's DNN module or any other ONNX engine can serve.</summary>
/// <remarks>
/// <para>The model has one float32 input named <see cref="InputName"/> of shape [N, features] (N symbolic, one sample per
/// row) that takes raw values exactly as <see cref="Network.Predict(ReadOnlySpan{float})"/> does: the network's
/// <see cref="Network.InputScaling"/> is in the graph as Mul and Add nodes. Its one output, <see cref="OutputName"/>,
/// is [N, outputs]: the class probabilities of a softmax network.</para>
/// <para>Each <see cref="Layers.DenseLayer"/> becomes a Gemm node (<c>transB = 1</c>, W out × in and b as initializers) followed by
/// its activation: Relu, LeakyRelu (alpha = the slope), Sigmoid, Tanh, Softmax (axis = 1), or no node for Identity.
/// A <see cref="Layers.Conv2D"/> becomes Conv (W <c>[C_out, C_in, k, k]</c>, B, <c>kernel_shape</c>, <c>strides</c>,
/// <c>pads = [p, p, p, p]</c>) and its activation; <see cref="Layers.MaxPool2D"/> and <see cref="Layers.AveragePool2D"/>
/// MaxPool and AveragePool (<c>kernel_shape</c>, <c>strides</c>); <see cref="Layers.BatchNorm"/> BatchNormalization
/// in its inference form (scale γ, B β, the running mean and variance, epsilon). Image layers work on [N, C, H, W]
/// tensors: a Reshape (to [−1, C, H, W]) comes before the first, and a Flatten (axis 1) before a dense layer that
/// follows one; since a column is C × H × W channel-major, neither permutes anything.
/// A <see cref="Layers.Dropout"/> layer is the identity at inference and becomes no node.
/// Operator set <see cref="OpsetVersion"/> of the default domain, IR version <see cref="IrVersion"/>, producer
/// <c>NeuralNet</c> and the library's version.</para>
/// <para>A layer or activation that ONNX cannot express is rejected before anything is written.</para>
/// </remarks>
public static class OnnxExporter
{
    /// <summary>The operator set version of the default ONNX domain the model declares: 13.</summary>
    public const int OpsetVersion = 13;

    /// <summary>The ONNX IR version the model declares: 7, the one released with operator set 13.</summary>
    public const int IrVersion = 7;

    /// <summary>The name of the graph input: <c>input</c>.</summary>
    public const string InputName = "input";

    /// <summary>The name of the graph output: <c>output</c>.</summary>
    public const string OutputName = "output";

    /// <summary>The symbolic name of the batch dimension of the input and the output: <c>N</c>.</summary>
    public const string BatchDimension = "N";

    extension(Network network)
    {
        /// <summary>Writes this network as an ONNX model file (atomically), for ONNX Runtime, OpenCV and other engines.</summary>
        /// <remarks>The model takes raw inputs as <c>Predict</c> does; see <see cref="OnnxExporter"/> for its graph.</remarks>
        /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
        /// <exception cref="NotSupportedException">A layer or an activation cannot be expressed in ONNX.</exception>
        /// <exception cref="IOException">The file cannot be written.</exception>
        public void ExportOnnx(string path) => Export(network, path);

        /// <summary>Writes this network as an ONNX model to a stream, which is left open.</summary>
        /// <remarks>The model takes raw inputs as <c>Predict</c> does; see <see cref="OnnxExporter"/> for its graph.</remarks>
        /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable.</exception>
        /// <exception cref="NotSupportedException">A layer or an activation cannot be expressed in ONNX.</exception>
        public void ExportOnnx(Stream stream) => Export(network, stream);
    }

    /// <summary>Writes <paramref name="network"/> as an ONNX model to a file, atomically.</summary>
    /// <remarks>The model goes to a temporary file in the same folder, is flushed to disk, then renamed over
    /// <paramref name="path"/>: a failure leaves any existing file untouched.</remarks>
    /// <param name="network">The network to export.</param>
    /// <param name="path">The file to create or replace, usually ending in <c>.onnx</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    /// <exception cref="NotSupportedException">A layer or an activation cannot be expressed in ONNX.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Export(Network network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ModelProto model = OnnxModelBuilder.Build(network);
        AtomicFile.Write(path, "the ONNX model", model.WriteTo);
    }

    /// <summary>Writes <paramref name="network"/> as an ONNX model to a stream, which is left open.</summary>
    /// <param name="network">The network to export.</param>
    /// <param name="stream">A writable stream; the model is written from its current position.</param>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable.</exception>
    /// <exception cref="NotSupportedException">A layer or an activation cannot be expressed in ONNX.</exception>
    public static void Export(Network network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException($"ONNX export needs a writable stream but got a read-only {stream.GetType().Name}.", nameof(stream));
        }

        // Serialize fully before touching the stream, so a failure cannot leave half a model in it.
        byte[] bytes = OnnxModelBuilder.Build(network).ToByteArray();
        stream.Write(bytes);
        stream.Flush();
    }
}
