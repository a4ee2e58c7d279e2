using System.CommandLine;
using System.CommandLine.Parsing;
using MnistTrainer.Commands;

namespace MnistTrainer.Options;

/// <summary>Refuses, for every option and argument that takes text (paths, names, schedules), a value that is empty, blank or holds a NUL character; and an argument that is a mistyped option.</summary>
/// <remarks>
/// Applied to the whole command tree once it is built, so an option added later is covered too. Without it an empty
/// <c>--data ''</c> reached the file API, whose "The value cannot be an empty string." named no option (and an empty
/// folder name would have meant the current folder).
/// </remarks>
internal static class TextValues
{
    /// <summary>Adds the check to every text-valued option and argument of <paramref name="command"/> and its subcommands.</summary>
    public static void RequireInAll(Command command)
    {
        foreach (Option option in command.Options.Where(o => IsText(o.ValueType)))
        {
            option.Validators.Add(result => Check(result.Tokens, option.Name, result.AddError));
        }

        foreach (Argument argument in command.Arguments.Where(a => IsText(a.ValueType)))
        {
            argument.Validators.Add(result =>
            {
                Check(result.Tokens, argument.Name, result.AddError);
                UnknownOption(result, command);
            });
        }

        foreach (Command subcommand in command.Subcommands)
        {
            RequireInAll(subcommand);
        }
    }

    /// <summary>Reports a word taken as an argument that is really a mistyped option: it starts with '-' and names no file (<c>predict --modle m.nnet x.csv</c>).</summary>
    private static void UnknownOption(ArgumentResult result, Command command)
    {
        foreach (Token token in result.Tokens)
        {
            if (token.Value.StartsWith('-') && token.Value.Length > 1 && !File.Exists(token.Value) && !Directory.Exists(token.Value))
            {
                string? meant = TypoSuggestion.For(token.Value, command);
                result.AddError($"'{command.Name}' has no option '{token.Value}'" + (meant is null ? "." : $"; did you mean '{meant}'?"));
                return;
            }
        }
    }

    private static bool IsText(Type type) => type == typeof(string) || type == typeof(string[]);

    private static void Check(IReadOnlyList<Token> tokens, string name, Action<string> addError)
    {
        foreach (Token token in tokens)
        {
            if (string.IsNullOrWhiteSpace(token.Value))
            {
                addError($"{name} expects a value; got '{token.Value}', an empty one.");
                return;
            }

            if (token.Value.Contains('\0', StringComparison.Ordinal))
            {
                addError($"{name} got a value with a NUL character, which no file name or setting can hold.");
                return;
            }
        }
    }
}
