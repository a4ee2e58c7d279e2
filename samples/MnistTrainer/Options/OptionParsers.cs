using System.CommandLine.Parsing;
using System.Globalization;
using NeuralNet.Training;

namespace MnistTrainer.Options;

/// <summary>Parsers for the option values that are not plain numbers: size lists, batch sizes, index ranges, learning-rate sweeps.</summary>
/// <remarks>Each reports a bad value as a parse error naming the option, what was expected and what arrived, so the command exits with code 2.</remarks>
internal static class OptionParsers
{
    /// <summary>Parses <c>256,128</c> into positive sizes.</summary>
    public static int[] PositiveIntList(ArgumentResult result)
    {
        string text = Single(result);
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1)
            {
                result.AddError($"{OptionName(result)} expects positive layer sizes separated by commas, such as 256,128; got '{text}'.");
                return [];
            }
        }

        return sizes;
    }

    /// <summary>Parses a batch size: a positive number, or <c>full</c> for the whole training set.</summary>
    public static int BatchSize(ArgumentResult result)
    {
        string text = Single(result);
        if (string.Equals(text, "full", StringComparison.OrdinalIgnoreCase))
        {
            return TrainerOptions.FullBatch;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int size) && size >= 1)
        {
            return size;
        }

        result.AddError($"{OptionName(result)} expects a positive number of samples, or 'full' for the whole training set; got '{text}'.");
        return 0;
    }

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

    /// <summary>Parses a comma-separated list of positive learning rates, such as <c>0.001,0.01,0.1</c>.</summary>
    public static float[] RateList(ArgumentResult result)
    {
        string text = Single(result);
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var rates = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!TryRate(parts[i], out rates[i]))
            {
                result.AddError($"{OptionName(result)} expects positive learning rates separated by commas, such as 0.001,0.01,0.1; got '{text}'.");
                return [];
            }
        }

        return rates;
    }

    /// <summary>Parses a log-spaced range <c>FROM:TO:COUNT</c>, such as <c>1e-4:1e-1:7</c>, into its rates.</summary>
    public static float[] LogRange(ArgumentResult result)
    {
        string text = Single(result);
        string[] parts = text.Split(':', StringSplitOptions.TrimEntries);
        if (parts.Length == 3
            && TryRate(parts[0], out float from)
            && TryRate(parts[1], out float to)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            && count >= 2
            && from < to)
        {
            return LogSpace(from, to, count);
        }

        result.AddError($"{OptionName(result)} expects FROM:TO:COUNT with 0 < FROM < TO and COUNT >= 2, such as 1e-4:1e-1:7; got '{text}'.");
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

    private static bool TryRate(string text, out float rate) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out rate) && rate > 0f && float.IsFinite(rate);

    private static string Single(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";

    private static string OptionName(ArgumentResult result) =>
        result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
}
