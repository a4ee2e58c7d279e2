using Spectre.Console;

namespace MnistTrainer;

/// <summary>What every command writes to and listens to: the two text streams, the console drawn on the first, and the stop request.</summary>
/// <remarks>
/// Commands never touch <see cref="System.Console"/>: the entry point hands them writers, so tests run them in-process
/// and read what they printed. Results (CSV, JSON) go to <see cref="Output"/>; notes and errors to <see cref="Error"/>.
/// </remarks>
internal sealed class CommandContext
{
    private IAnsiConsole? _console;

    /// <summary>Creates a context over the given writers.</summary>
    /// <param name="output">Standard output: results, tables and progress.</param>
    /// <param name="error">Standard error: notes and error messages.</param>
    /// <param name="arguments">The command line as parsed (with the default command filled in), for the resume hint.</param>
    /// <param name="cancellationToken">Signalled by Ctrl+C: training stops after the current batch.</param>
    public CommandContext(TextWriter output, TextWriter error, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        Output = output;
        Error = error;
        Arguments = arguments;
        CancellationToken = cancellationToken;
    }

    /// <summary>Standard output.</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>The command line as parsed, the command name first.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Signalled when the user asks to stop.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>A Spectre console over <see cref="Output"/>: colours and live progress on a terminal, plain text elsewhere.</summary>
    public IAnsiConsole Console => _console ??= CreateConsole(Output);

    /// <summary>Whether <see cref="Output"/> is a terminal a live display can redraw.</summary>
    public bool IsInteractive => Console.Profile.Capabilities.Interactive && Console.Profile.Out.IsTerminal;

    private static IAnsiConsole CreateConsole(TextWriter output)
    {
        var target = new AnsiConsoleOutput(output);
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = target,

            // Spectre decides on colour from the environment (TERM); a file or a pipe gets plain text all the same.
            Ansi = target.IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Detect,
        });

        // Redirected output has no width of its own; Spectre would assume 80 columns and wrap the tables.
        if (!console.Profile.Out.IsTerminal)
        {
            console.Profile.Width = 120;
        }

        return console;
    }
}
