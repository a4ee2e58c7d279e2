namespace NeuralNet.Serialization;

/// <summary>One kind of file in the shared container format (model or checkpoint): its magic, its name in messages, and its exception.</summary>
internal sealed class BinaryFileKind
{
    private readonly byte[] _magic;
    private readonly Func<string?, long?, string, Exception?, IOException> _createError;

    private BinaryFileKind(string name, string loadHint, ReadOnlySpan<byte> magic, Func<string?, long?, string, Exception?, IOException> createError)
    {
        Name = name;
        LoadHint = loadHint;
        _magic = magic.ToArray();
        _createError = createError;
    }

    /// <summary>A model file: the network and its input scaling.</summary>
    public static BinaryFileKind Model { get; } = new(
        "model", "Network.Load", ModelFileFormat.ModelMagic, (path, offset, reason, inner) => new InvalidModelFileException(path, offset, reason, inner));

    /// <summary>A training checkpoint: a model file's network plus the trainer's state.</summary>
    public static BinaryFileKind Checkpoint { get; } = new(
        "checkpoint", "Trainer.LoadCheckpoint", ModelFileFormat.CheckpointMagic, (path, offset, reason, inner) => new InvalidCheckpointFileException(path, offset, reason, inner));

    /// <summary>The word used in messages: <c>model</c> or <c>checkpoint</c>.</summary>
    public string Name { get; }

    /// <summary>The method that loads this kind, named when a file of this kind is handed to the other loader.</summary>
    public string LoadHint { get; }

    /// <summary>The first 8 bytes of a file of this kind.</summary>
    public ReadOnlySpan<byte> Magic => _magic;

    /// <summary>The other kinds, to recognize a file handed to the wrong loader.</summary>
    public IEnumerable<BinaryFileKind> Others => Model == this ? [Checkpoint] : [Model];

    /// <summary>Creates the exception that reports a file of this kind as unreadable.</summary>
    /// <param name="path">The file's path, or <see langword="null"/> for a stream without one.</param>
    /// <param name="offset">The byte offset the problem was found at, when there is one.</param>
    /// <param name="reason">What is wrong, as a clause: "it is truncated: ...".</param>
    /// <param name="inner">The exception that revealed the problem, if any.</param>
    public IOException Error(string? path, long? offset, string reason, Exception? inner = null) =>
        _createError(path, offset, reason, inner);

    /// <summary>Formats the message every unreadable-file exception carries: the source, the kind, the offset and the reason.</summary>
    internal static string FormatMessage(string kindName, string? path, long? offset, string reason) =>
        $"{(path is null ? "The stream" : $"'{path}'")} cannot be loaded as a NeuralNet {kindName}"
        + (offset is long o ? $" (at byte {o})" : "")
        + $": {reason}";
}
