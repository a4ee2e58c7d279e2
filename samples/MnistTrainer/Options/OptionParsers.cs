using System.CommandLine.Parsing;
using System.Globalization;

namespace MnistTrainer.Options;

/// <summary>Parsers for the option values that are more than a number or a list of numbers: index ranges and log-spaced learning-rate sweeps.</summary>
/// <remarks>
/// Each reports a bad value as a parse error naming the option, what was expected and what arrived, so the command
/// exits with code 2. Their numbers are read by <see cref="NumberRange"/>, as every number of the CLI (plain numbers
/// by <see cref="NumberOption{T}"/>, lists by <see cref="NumberListOption{T}"/>).
/// </remarks>
internal static class OptionParsers
{
    /// <summary>The most candidates a log-spaced range may ask for.</summary>
    public const int MostCandidates = 1000;

    /// <summary>Parses an index range <c>START..END</c> (END excluded; either may be left out), or a single index.</summary>
    public static IndexRange IndexRange(ArgumentResult result)
    {
        string text = Single(result);
        if (Options.IndexRange.TryParse(text, out IndexRange range))
        {
            return range;
        }

        result.AddError($"{OptionName(result)} expects an index range START..END (END excluded, either may be omitted, such as 0..100 or 500..) or one index; got '{text}'.");
        return default;
    }

    /// <summary>Parses a log-spaced range <c>FROM:TO:COUNT</c>, such as <c>1e-4:1e-1:7</c>, into its rates.</summary>
    public static float[] LogRange(ArgumentResult result)
    {
        string text = Single(result);
        string[] parts = text.Split(':');
        NumberRange rate = NumberRange.Positive("0.001");
        NumberRange count = NumberRange.Integer(2, MostCandidates);
        string problem = "it does not have three parts";
        if (parts.Length == 3
            && Read(rate, parts[0], "FROM", out double from, out _, ref problem)
            && Read(rate, parts[1], "TO", out double to, out _, ref problem)
            && Read(count, parts[2], "COUNT", out _, out long candidates, ref problem))
        {
            if ((float)from < (float)to)
            {
                return LogSpace((float)from, (float)to, (int)candidates);
            }

            problem = "FROM is not below TO";
        }

        result.AddError($"{OptionName(result)} expects FROM:TO:COUNT with 0 < FROM < TO and COUNT from 2 to {MostCandidates}, such as 1e-4:1e-1:7; got '{text}': {problem}.");
        return [];
    }

    /// <summary>Returns <paramref name="count"/> rates spaced evenly in log scale from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public static float[] LogSpace(float from, float to, int count)
    {
        var rates = new float[count];
        double logFrom = Math.Log10(from);
        double step = (Math.Log10(to) - logFrom) / (count - 1);
        for (int i = 0; i < count; i++)
        {
            // Rounded to 3 significant digits, so the sweep's rates read (and can be typed back) as 0.000316, not 0.00031622776.
            rates[i] = float.Parse(Math.Pow(10, logFrom + (i * step)).ToString("G3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        return rates;
    }

    private static bool Read(NumberRange range, string text, string part, out double value, out long whole, ref string problem)
    {
        if (range.TryRead(text, out value, out whole, out string why))
        {
            return true;
        }

        problem = $"{part} '{text}': {why}";
        return false;
    }

    private static string Single(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";

    private static string OptionName(ArgumentResult result) =>
        result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
}
