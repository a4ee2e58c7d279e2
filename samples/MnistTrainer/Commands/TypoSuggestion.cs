using System.CommandLine;

namespace MnistTrainer.Commands;

/// <summary>The option or command a mistyped word most likely meant: <c>--epoch</c> → <c>--epochs</c>, <c>trian</c> → <c>train</c>.</summary>
/// <remarks>
/// <para>System.CommandLine has typo corrections of its own (<c>ParseErrorAction.ShowTypoCorrections</c>), but they
/// are printed by its default error action, as extra lines with the whole help; this CLI reports a parse error as one
/// line, so it finds the suggestion itself and puts it in that line.</para>
/// <para>The distance is Damerau–Levenshtein's (an insertion, deletion, substitution or swap of neighbours costs 1),
/// case ignored; a candidate the word is a prefix of also counts as close. The nearest candidate within a third of
/// the word's length (at least 1, at most 3) wins; none when two tie or nothing is near.</para>
/// </remarks>
internal static class TypoSuggestion
{
    /// <summary>The suggestion for <paramref name="token"/> among <paramref name="command"/>'s options (for a word starting with <c>-</c>) or the commands it could be, or null.</summary>
    public static string? For(string token, Command command)
    {
        string word = token.Split('=', ':')[0];
        IEnumerable<string> candidates = word.StartsWith('-')
            ? OptionsOf(command)
            : Commands(command);
        return Nearest(word, candidates);
    }

    /// <summary>The candidate nearest to <paramref name="word"/>, or null when none is near or two tie.</summary>
    internal static string? Nearest(string word, IEnumerable<string> candidates)
    {
        int allowed = Math.Clamp(word.TrimStart('-').Length / 3, 1, 3);
        var scored = candidates
            .Distinct(StringComparer.Ordinal)
            .Select(c => (Candidate: c, Distance: Distance(word, c)))
            .Where(s => s.Distance <= allowed)
            .OrderBy(s => s.Distance)
            .ToList();
        if (scored.Count == 0 || (scored.Count > 1 && scored[0].Distance == scored[1].Distance))
        {
            return null;
        }

        return scored[0].Candidate;
    }

    /// <summary>The Damerau–Levenshtein distance (optimal string alignment), case ignored; 1 when <paramref name="word"/> is a proper prefix of <paramref name="candidate"/>.</summary>
    internal static int Distance(string word, string candidate)
    {
        string a = word.ToLowerInvariant();
        string b = candidate.ToLowerInvariant();
        if (a.Length >= 3 && b.Length > a.Length && b.StartsWith(a, StringComparison.Ordinal))
        {
            return 1;
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    /// <summary>Every name and alias of the options <paramref name="command"/> takes, its own and the recursive ones of its parents.</summary>
    private static IEnumerable<string> OptionsOf(Command command)
    {
        foreach (Option option in command.Options)
        {
            yield return option.Name;
            foreach (string alias in option.Aliases)
            {
                yield return alias;
            }
        }

        foreach (Command parent in command.Parents.OfType<Command>())
        {
            foreach (Option option in parent.Options.Where(o => o.Recursive))
            {
                yield return option.Name;
            }
        }
    }

    /// <summary>The commands a word in <paramref name="command"/>'s place could be: its subcommands, or its siblings when it has none.</summary>
    private static IEnumerable<string> Commands(Command command)
    {
        if (command.Subcommands.Count > 0)
        {
            return command.Subcommands.Select(c => c.Name);
        }

        return command.Parents.OfType<Command>().SelectMany(p => p.Subcommands).Select(c => c.Name);
    }
}
