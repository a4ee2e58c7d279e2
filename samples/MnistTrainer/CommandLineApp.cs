using System.CommandLine;
using System.Globalization;
using MnistTrainer.Commands;

namespace MnistTrainer;

/// <summary>The program as a function: arguments and two writers in, an exit code out; <c>Program.cs</c> only wires it to the console.</summary>
/// <remarks>
/// <para><c>train</c> is the default command: no arguments, or options first, mean <c>train</c> with them.</para>
/// <para>A parse error (an unknown option or value, a missing argument) and the actions' failures are each turned into
/// one line on <c>error</c> and an exit code by <see cref="ErrorReport"/>.</para>
/// </remarks>
internal static class CommandLineApp
{
    /// <summary>The command run when none is named.</summary>
    public const string DefaultCommand = "train";

    private static readonly string[] NotCommandOptions = ["-h", "--help", "-?", "/?", "/h", "--version"];

    /// <summary>Runs the command line <paramref name="args"/>, writing results to <paramref name="output"/> and notes and errors to <paramref name="error"/>.</summary>
    /// <param name="args">The arguments after the program's name.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="cancellationToken">Ctrl+C: training stops after the current batch and writes a checkpoint.</param>
    /// <returns>The exit code: see <see cref="ExitCodes"/>.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        // Every number the CLI writes, and every message of the parser and the runtime, reads the same on every
        // machine: the command runs in the invariant culture (the culture flows to the threads it starts). Numbers it
        // reads do not depend on this: NumberRange reads them in the invariant culture explicitly.
        CultureInfo culture = CultureInfo.CurrentCulture;
        CultureInfo uiCulture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        try
        {
            return await RunInvariantAsync(args, output, error, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
        }
    }

    private static async Task<int> RunInvariantAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string[] arguments = WithDefaultCommand(args);
        bool verbose = arguments.Contains("--verbose");
        try
        {
            var context = new CommandContext(output, error, arguments, cancellationToken);
            RootCommand root = CommandTree.Build(context);
            ParseResult result = root.Parse(arguments);
            if (result.Errors.Count > 0)
            {
                return ErrorReport.WriteParseError(result, error);
            }

            var invocation = new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,

                // Program.cs turns Ctrl+C into the token; the parser must not end the process on its own.
                ProcessTerminationTimeout = null,
            };
            int code = await result.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return code;
        }
        catch (Exception e)
        {
            return ErrorReport.Write(e, error, verbose);
        }
    }

    /// <summary>Puts <see cref="DefaultCommand"/> in front of an empty command line or one that starts with an option.</summary>
    internal static string[] WithDefaultCommand(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || (args[0].StartsWith('-') && !NotCommandOptions.Contains(args[0])))
        {
            return [DefaultCommand, .. args];
        }

        return [.. args];
    }
}
