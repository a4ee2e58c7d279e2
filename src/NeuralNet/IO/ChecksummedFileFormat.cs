namespace NeuralNet.IO;

/// <summary>The constants of the checksummed container that model and checkpoint files share, described in <c>docs/model-format.md</c>.</summary>
internal static class ChecksummedFileFormat
{
    /// <summary>Bytes before the body: magic (8), version (4), flags (4), file length (8).</summary>
    public const int HeaderLength = 24;

    /// <summary>Bytes after the body: the CRC-32C of everything before it.</summary>
    public const int TrailerLength = 4;

    /// <summary>The longest string (activation name, scaling kind, class name) a file may hold, in UTF-8 bytes.</summary>
    public const int MaxStringBytes = 1024;
}
