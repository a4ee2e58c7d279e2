using System.CommandLine;
using System.CommandLine.Completions;

namespace MnistTrainer.Options;

/// <summary>Restricts a string option to a few names, with a one-line error that lists them.</summary>
/// <remarks>The parser's own <c>AcceptOnlyFromAmong</c> lists the names one per line; errors here are one line each.</remarks>
internal static class Choices
{
    /// <summary>Accepts only <paramref name="names"/> (in any case) for <paramref name="option"/>, and offers them for completion.</summary>
    public static Option<string> OneOf(this Option<string> option, params string[] names)
    {
        option.Validators.Add(result =>
        {
            string? value = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
            if (value is not null && !names.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                result.AddError($"{option.Name} does not know '{value}'; expected one of {string.Join(", ", names)}.");
            }
        });
        option.CompletionSources.Add(names);
        return option;
    }
}
