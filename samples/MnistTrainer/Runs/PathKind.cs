namespace MnistTrainer.Runs;

/// <summary>What a path names on the disk, as far as the CLI cares.</summary>
internal enum PathKind
{
    /// <summary>Nothing (or a dangling link).</summary>
    Missing,

    /// <summary>A regular file (a link to one counts as one).</summary>
    File,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A named pipe: opening it blocks until a writer comes, and reading it never seeks.</summary>
    Pipe,

    /// <summary>A character or block device such as <c>/dev/zero</c>, whose content may never end.</summary>
    Device,

    /// <summary>A socket or another kind of file that holds no data to read.</summary>
    Other,
}
