using System.Reflection;

namespace MnistTrainer.Runs;

/// <summary>Writes the command that continues a stopped run: the same command line, with the run's output folder and its checkpoint.</summary>
/// <remarks>
/// The data options must be the same for the checkpoint to continue exactly (the trainer checks a fingerprint of the
/// training set), so everything the user typed is kept; only <c>--output</c> and <c>--resume</c> are replaced, with
/// full paths, so the resumed run writes its report next to the checkpoints.
/// </remarks>
internal static class ResumeCommandLine
{
    private static readonly string[] Replaced = ["--output", "-o", "--resume"];

    /// <summary>The command line, ready to paste into a POSIX shell: it starts in the current folder, against which the data options' relative paths are read.</summary>
    public static string For(IReadOnlyList<string> arguments, string outputFolder, string checkpoint)
    {
        var kept = new List<string>();
        for (int i = 0; i < arguments.Count; i++)
        {
            string argument = arguments[i];
            if (Replaced.Contains(argument))
            {
                i++;
                continue;
            }

            if (Replaced.Any(option => argument.StartsWith(option + "=", StringComparison.Ordinal) || argument.StartsWith(option + ":", StringComparison.Ordinal)))
            {
                continue;
            }

            kept.Add(argument);
        }

        kept.AddRange(["--output", outputFolder, "--resume", checkpoint]);
        return $"cd {Quote(Environment.CurrentDirectory)} && " + string.Join(' ', Program().Concat(kept).Select(Quote));
    }

    /// <summary>How this program was started: its executable, or <c>dotnet</c> and its assembly.</summary>
    private static IEnumerable<string> Program()
    {
        string? process = Environment.ProcessPath;
        string name = Path.GetFileNameWithoutExtension(process ?? "");
        if (process is not null && name != "dotnet")
        {
            return [process];
        }

        string assembly = Assembly.GetEntryAssembly()?.Location ?? "MnistTrainer.dll";
        return ["dotnet", assembly];
    }

    /// <summary>Quotes an argument for a POSIX shell when it holds anything but safe characters.</summary>
    public static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,@+%".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
