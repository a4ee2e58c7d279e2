namespace MnistTrainer.Runs;

/// <summary>Checks a path given where the command reads a file, before anything opens it.</summary>
/// <remarks>
/// A folder, a named pipe, a device or a socket is refused at once: opening a pipe blocks until someone writes to it,
/// <c>/dev/zero</c> never ends, and neither can be read twice (the readers look at a file's start to tell its format).
/// </remarks>
internal static class InputFile
{
    /// <summary>Throws unless <paramref name="path"/> is a regular file (or a link to one).</summary>
    /// <param name="path">The path as given.</param>
    /// <param name="option">The option or argument it came from, for the message: <c>--model</c>.</param>
    /// <param name="expected">What the option takes, for the message: <c>a model file (.nnet)</c>.</param>
    /// <param name="folderHint">What to do instead when the path is a folder, or null.</param>
    /// <returns><paramref name="path"/>.</returns>
    /// <exception cref="UsageException">The path is missing or not a regular file.</exception>
    public static string Require(string path, string option, string expected, string? folderHint = null)
    {
        string problem = FileStatus.KindOf(path) switch
        {
            PathKind.File => "",
            PathKind.Missing => "no such file",
            PathKind.Directory => $"it is a folder; expected {expected}" + (folderHint is null ? "" : $" ({folderHint})"),
            PathKind.Pipe => $"it is a named pipe, not a file; expected {expected} (copy what the pipe gives into a file first)",
            PathKind.Device => $"it is a device, not a file; expected {expected}",
            _ => $"it is not a regular file; expected {expected}",
        };
        return problem.Length == 0 ? path : throw new UsageException($"{option} {path}: {problem}.");
    }
}
