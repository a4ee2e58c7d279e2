using NeuralNet.IO;

namespace NeuralNet.Serialization;

/// <summary>The constants of the model file format, described in <c>docs/model-format.md</c>.</summary>
internal static class ModelFileFormat
{
    /// <summary>The format version this library writes, and the newest it reads.</summary>
    public const uint Version = 1;

    /// <summary>The first 8 bytes of a model file: "\x89NNM\r\n\x1A\n".</summary>
    /// <remarks>As in PNG: the high byte catches 7-bit transfers, CR LF and LF catch newline conversion, and 0x1A stops a DOS <c>type</c>.</remarks>
    public static ReadOnlySpan<byte> ModelMagic => Kind.Magic;

    /// <summary>The model file kind of the shared container.</summary>
    public static BinaryFileKind Kind { get; } = new(
        "model", "Network.Load", BinaryFileKind.SignatureOf((byte)'M'), Version, (path, offset, reason, inner) => new InvalidModelFileException(path, offset, reason, inner), NetworkCodec.NamesFlag);
}
