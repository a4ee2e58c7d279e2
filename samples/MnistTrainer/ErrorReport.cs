using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text;
using MnistTrainer.Commands;
using NeuralNet.Data;
using NeuralNet.IO;
using NeuralNet.Training;

namespace MnistTrainer;

/// <summary>The one place a failure becomes what the user sees: one line on standard error and an exit code.</summary>
/// <remarks>
/// <para>Both kinds of failure come here: parse errors (<see cref="WriteParseError"/>, with a "did you mean" for a
/// mistyped option or command) and the exceptions of the commands' actions (<see cref="Write"/>). The line starts
/// with <c>error:</c> and holds the message only; <c>--verbose</c> adds the exception's type and stack trace.</para>
/// <para>Exit codes: usage and input problems (a bad option value, a missing, malformed, unreadable or unwritable
/// file, a full disk, sizes the machine cannot hold) exit with 2; a diverged training, a failed download or a bug with
/// 1; Ctrl+C with 130. <see cref="Classify"/> is the table.</para>
/// <para>Every message is made safe for a terminal by <see cref="Safe"/>: messages quote bytes from the user's files
/// (a CSV cell, a header), which could hold escape sequences that move the cursor, retitle the window or hide text,
/// or be a megabyte long. Control and bidirectional-override characters are shown escaped (<c>\x1B</c>), long quoted
/// values and long messages are cut. The library's own names (<c>TrainerOptions.BatchSize</c>,
/// <c>(Parameter 'x')</c>) are replaced by the options they come from.</para>
/// </remarks>
internal static class ErrorReport
{
    /// <summary>Quoted values longer than this are cut.</summary>
    public const int MostQuotedCharacters = 120;

    /// <summary>Messages longer than this are cut.</summary>
    public const int MostMessageCharacters = 1000;

    private const string NoCommand = "Required command was not provided.";

    /// <summary>The library's names for what the command line calls options, as they appear in its messages.</summary>
    private static readonly (string Library, string Cli)[] Names =
    [
        ("TrainerOptions.BatchSize", "--batch-size"),
        ("TrainerOptions.Epochs", "--epochs"),
        ("TrainerOptions.Iterations", "--iterations"),
        ("TrainerOptions.Seed", "--seed"),
        ("TrainerOptions.WeightDecay", "--weight-decay"),
        ("TrainerOptions.EarlyStopping", "--early-stopping"),
        ("TrainerOptions.CheckpointEvery", "--checkpoint-every"),
        ("TrainerOptions.CheckpointPath", "the checkpoint path"),
        ("TrainerOptions.Schedule", "--schedule"),
        ("TrainerOptions.FullBatch", "'full'"),
        ("Trainer.LoadCheckpoint", "reading the checkpoint"),
        ("Trainer.SaveCheckpoint", "writing the checkpoint"),
        ("Network.Create", "building the network"),
        ("Network.Load", "reading the model"),
        ("Network.Save", "writing the model"),
        ("Fit got", "the training set given has"),
        ("LabelColumn names a column", "--label names a column"),
        ("FeatureColumns names a column", "the features the model was trained on include a column"),
    ];

    /// <summary>Writes <paramref name="exception"/> to <paramref name="error"/> and returns the exit code it means.</summary>
    public static int Write(Exception exception, TextWriter error, bool verbose)
    {
        while (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            exception = aggregate.InnerExceptions[0];
        }

        (int code, string message) = Classify(exception);
        if (code == ExitCodes.Cancelled)
        {
            error.WriteLine(message);
            return code;
        }

        error.WriteLine($"error: {Clean(message)}");
        if (verbose)
        {
            error.WriteLine(Safe(exception.ToString(), keepLines: true));
        }

        return code;
    }

    /// <summary>Writes a warning: one line on <paramref name="error"/>, starting with <c>warning:</c>, made safe as the error messages are.</summary>
    /// <remarks>A warning is something the user should know before the work starts but that does not stop it (a class no training sample has).</remarks>
    public static void Warn(TextWriter error, string message) => error.WriteLine($"warning: {Clean(message)}");

    /// <summary>Writes the parse error of <paramref name="result"/> as one line, with a suggestion for a mistyped option or command, and returns <see cref="ExitCodes.Usage"/>.</summary>
    public static int WriteParseError(ParseResult result, TextWriter error)
    {
        Command command = result.CommandResult.Command;
        string where = command is RootCommand ? "" : " " + command.Name;
        // A suggestion says the most; the missing command that a mistyped one leaves behind says the least.
        string message = result.Errors.Select(e => e.Message).FirstOrDefault(m => m.Contains("did you mean", StringComparison.Ordinal))
            ?? result.Errors.Select(e => e.Message).FirstOrDefault(m => m != NoCommand)
            ?? result.Errors[0].Message;
        if (result.UnmatchedTokens.Count > 0 && SwitchBefore(result, result.UnmatchedTokens[0]) is { } flag)
        {
            message = $"{flag} is a switch and takes no value (or true or false); got '{result.UnmatchedTokens[0]}'.";
        }
        else if (result.UnmatchedTokens.Count > 0 && TypoSuggestion.For(result.UnmatchedTokens[0], command) is { } suggestion)
        {
            string token = result.UnmatchedTokens[0];
            message = token.StartsWith('-')
                ? $"'{command.Name}' has no option '{token}'; did you mean '{suggestion}'?"
                : $"there is no command '{token}'; did you mean '{suggestion}'?";
        }

        error.WriteLine($"error: {Clean(message)} (see 'MnistTrainer{where} --help')");
        return ExitCodes.Usage;
    }

    /// <summary>The switch (a <see cref="bool"/> option) right before <paramref name="unmatched"/> on the command line, which it was probably meant for: <c>--json maybe</c>.</summary>
    private static string? SwitchBefore(ParseResult result, string unmatched)
    {
        IReadOnlyList<Token> tokens = result.Tokens;
        for (int i = 1; i < tokens.Count; i++)
        {
            if (tokens[i].Value == unmatched && tokens[i - 1].Type == TokenType.Option
                && result.CommandResult.Command.Options.Concat(result.RootCommandResult.Command.Options)
                    .FirstOrDefault(o => o.Name == tokens[i - 1].Value || o.Aliases.Contains(tokens[i - 1].Value)) is { ValueType: var type } option
                && type == typeof(bool))
            {
                return option.Name;
            }
        }

        return null;
    }

    /// <summary>The exit code an exception means, and the message to show (before <see cref="Clean"/>).</summary>
    internal static (int Code, string Message) Classify(Exception exception) => exception switch
    {
        OperationCanceledException => (ExitCodes.Cancelled, "Stopped."),
        UsageException => (ExitCodes.Usage, exception.Message),

        // Model, checkpoint and dataset files that cannot be read: the message names the file and the place.
        InvalidFileException => (ExitCodes.Usage, exception.Message),

        // Every source failed: not the caller's mistake (the message lists the sources and where to put the files).
        DatasetDownloadException => (ExitCodes.Failure, exception.Message),
        FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException => (ExitCodes.Usage, exception.Message),

        // A full disk or a failing device while writing: every file is written atomically, so the previous one is whole.
        IOException => (ExitCodes.Usage, exception.Message),

        // The library refusing a value the command line passed on (a size, a rate): the options' own checks missed it.
        ArgumentException argument => (ExitCodes.Usage, Messages.WithoutParameter(argument)),
        OutOfMemoryException => (ExitCodes.Usage, "there is not enough memory for what was asked: give smaller --layers or --batch-size, or a smaller data set."),
        OverflowException => (ExitCodes.Usage, $"a size is too large to compute with ({exception.Message}): give smaller sizes."),
        TrainingDivergedException => (ExitCodes.Failure, exception.Message),
        _ => (ExitCodes.Failure, $"{exception.GetType().Name}: {exception.Message}"),
    };

    /// <summary>A message ready for the terminal: one line, the library's names replaced by the options', made <see cref="Safe"/>.</summary>
    internal static string Clean(string message)
    {
        string line = string.Join("; ", message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        foreach ((string library, string cli) in Names)
        {
            line = line.Replace(library, cli, StringComparison.Ordinal);
        }

        return Safe(Messages.WithoutAnyParameter(line));
    }

    /// <summary>Text from anywhere (a file, a command line) made safe to print: control characters escaped, long quoted values and long text cut.</summary>
    /// <param name="text">The text.</param>
    /// <param name="keepLines">Whether line breaks stay (a stack trace) or are escaped too.</param>
    public static string Safe(string text, bool keepLines = false)
    {
        var safe = new StringBuilder(Math.Min(text.Length, MostMessageCharacters + 64));
        int quoteStart = -1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (keepLines && c == '\n')
            {
                safe.Append(c);
                continue;
            }

            if (c == '\'' && quoteStart < 0 && (i == 0 || !char.IsLetterOrDigit(text[i - 1])))
            {
                quoteStart = safe.Length;
            }
            else if (quoteStart >= 0 && IsClosingQuote(text, i))
            {
                quoteStart = -1;
            }
            else if (quoteStart >= 0 && safe.Length - quoteStart > MostQuotedCharacters)
            {
                // Skip to the closing quote (or the end) and say how much was left out.
                int end = i;
                while (end < text.Length && !IsClosingQuote(text, end))
                {
                    end++;
                }

                safe.Append($"…[{end - i} more characters]");
                i = end - 1;
                continue;
            }

            Escape(c, i + 1 < text.Length ? text[i + 1] : '\0', safe, ref i);
            if (!keepLines && safe.Length > MostMessageCharacters)
            {
                safe.Append($"…[{text.Length - i - 1} more characters]");
                break;
            }
        }

        return safe.ToString();
    }

    /// <summary>Whether the apostrophe at <paramref name="i"/> ends a quoted value: it is not inside a word, as in <c>model's</c>.</summary>
    private static bool IsClosingQuote(string text, int i) =>
        text[i] == '\'' && (i + 1 == text.Length || !char.IsLetterOrDigit(text[i + 1]));

    private static void Escape(char c, char next, StringBuilder safe, ref int i)
    {
        if (char.IsHighSurrogate(c) && char.IsLowSurrogate(next))
        {
            safe.Append(c).Append(next);
            i++;
        }
        else if (c == '\t')
        {
            safe.Append("\\t");
        }
        else if (c == '\n')
        {
            safe.Append("\\n");
        }
        else if (c == '\r')
        {
            safe.Append("\\r");
        }
        else if (c < 0x20 || c is (>= '\x7F' and <= '\x9F'))
        {
            // C0 and C1 controls, ESC and CSI among them: the start of every terminal escape sequence.
            safe.Append($"\\x{(int)c:X2}");
        }
        else if (char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\uFEFF' or (>= '\u200B' and <= '\u200F') or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
        {
            // Lone surrogates, line separators, zero-width and bidirectional controls: they reorder or hide what follows.
            safe.Append($"\\u{(int)c:X4}");
        }
        else
        {
            safe.Append(c);
        }
    }
}
