namespace NeuralNet.Serialization;

/// <summary>The constants of the model and checkpoint file formats, described in <c>docs/model-format.md</c>.</summary>
internal static class ModelFileFormat
{
    /// <summary>The format version this library writes, and the newest it reads.</summary>
    public const uint Version = 1;

    /// <summary>Bytes before the body: magic (8), version (4), flags (4), file length (8).</summary>
    public const int HeaderLength = 24;

    /// <summary>Bytes after the body: the CRC-32C of everything before it.</summary>
    public const int TrailerLength = 4;

    /// <summary>The longest string (activation name, scaling kind) a file may hold, in UTF-8 bytes.</summary>
    public const int MaxStringBytes = 1024;

    /// <summary>The layer kind of a <see cref="Layers.DenseLayer"/> record.</summary>
    public const ushort DenseLayerKind = 1;

    /// <summary>The layer kind of a <see cref="Layers.Dropout"/> record.</summary>
    public const ushort DropoutKind = 2;

    /// <summary>The first 8 bytes of a model file: "\x89NNM\r\n\x1A\n".</summary>
    /// <remarks>As in PNG: the high byte catches 7-bit transfers, CR LF and LF catch newline conversion, and 0x1A stops a DOS <c>type</c>.</remarks>
    public static ReadOnlySpan<byte> ModelMagic => [0x89, (byte)'N', (byte)'N', (byte)'M', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The first 8 bytes of a checkpoint file: "\x89NNC\r\n\x1A\n".</summary>
    public static ReadOnlySpan<byte> CheckpointMagic => [0x89, (byte)'N', (byte)'N', (byte)'C', 0x0D, 0x0A, 0x1A, 0x0A];
}
