namespace NeuralNet.IO;

/// <summary>One kind of file in the shared container format (model or checkpoint): its magic, version, name in messages, and exception.</summary>
/// <remarks>The kinds are defined by the layers that own them (model files by Serialization, checkpoints by Training).
/// The container's family of signatures is listed here, so that a file handed to the wrong loader is recognized and
/// its right loader named, whether or not the code of that kind has run in this process.</remarks>
internal sealed class BinaryFileKind
{
    // The fourth byte of the signature "\x89NN?\r\n\x1A\n" says what the file is: the family's members, with their loaders.
    private static readonly (byte Letter, string Name, string LoadHint)[] Family =
    [
        ((byte)'M', "model", "Network.Load"),
        ((byte)'C', "checkpoint", "Trainer.LoadCheckpoint"),
    ];

    private readonly byte[] _magic;
    private readonly Func<string?, long?, string, Exception?, IOException> _createError;

    /// <summary>Defines a kind of file.</summary>
    /// <param name="name">The word used in messages: <c>model</c> or <c>checkpoint</c>.</param>
    /// <param name="loadHint">The method that loads this kind, named when a file of this kind is handed to another loader.</param>
    /// <param name="magic">The first 8 bytes of a file of this kind.</param>
    /// <param name="version">The format version written, and the newest read.</param>
    /// <param name="createError">Creates the kind's exception from the path, the offset, the reason and the inner exception.</param>
    /// <param name="knownFlags">The header flags this version of the kind defines; a file setting any other is refused.</param>
    /// <param name="oldestVersion">The oldest format version still read; default 1.</param>
    public BinaryFileKind(
        string name,
        string loadHint,
        ReadOnlySpan<byte> magic,
        uint version,
        Func<string?, long?, string, Exception?, IOException> createError,
        uint knownFlags = 0,
        uint oldestVersion = 1)
    {
        OldestVersion = oldestVersion;
        Name = name;
        LoadHint = loadHint;
        Version = version;
        KnownFlags = knownFlags;
        _magic = magic.ToArray();
        _createError = createError;
    }

    /// <summary>The word used in messages: <c>model</c> or <c>checkpoint</c>.</summary>
    public string Name { get; }

    /// <summary>The method that loads this kind, named when a file of this kind is handed to the other loader.</summary>
    public string LoadHint { get; }

    /// <summary>The format version this library writes for this kind, and the newest it reads.</summary>
    public uint Version { get; }

    /// <summary>The oldest format version this library still reads.</summary>
    public uint OldestVersion { get; }

    /// <summary>The header flags this version of the kind defines (each announces an optional part of the body).</summary>
    public uint KnownFlags { get; }

    /// <summary>The first 8 bytes of a file of this kind.</summary>
    public ReadOnlySpan<byte> Magic => _magic;

    /// <summary>The other members of the family (their signature, name and loader), to recognize a file handed to the wrong loader.</summary>
    public IEnumerable<(byte[] Magic, string Name, string LoadHint)> Others =>
        Family.Where(member => member.Name != Name).Select(member => (SignatureOf(member.Letter), member.Name, member.LoadHint));

    /// <summary>The signature of the family member whose fourth byte is <paramref name="letter"/>.</summary>
    public static byte[] SignatureOf(byte letter) => [0x89, (byte)'N', (byte)'N', letter, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Creates the exception that reports a file of this kind as unreadable.</summary>
    /// <param name="path">The file's path, or <see langword="null"/> for a stream without one.</param>
    /// <param name="offset">The byte offset the problem was found at, when there is one.</param>
    /// <param name="reason">What is wrong, as a clause: "it is truncated: ...".</param>
    /// <param name="inner">The exception that revealed the problem, if any.</param>
    public IOException Error(string? path, long? offset, string reason, Exception? inner = null) =>
        _createError(path, offset, reason, inner);

    /// <summary>Formats the message every unreadable-file exception of this container carries: the source, the kind, the offset and the reason.</summary>
    internal static string FormatMessage(string kindName, string? path, long? offset, string reason) =>
        $"{(path is null ? "The stream" : $"'{path}'")} cannot be loaded as a NeuralNet {kindName}"
        + (offset is long o ? $" (at byte {o})" : "")
        + $": {reason}";
}
