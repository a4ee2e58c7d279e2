using System.Globalization;

namespace MnistTrainer.Options;

/// <summary>What a number on the command line may be: whole or not, and the interval it must lie in; reads a value in the invariant culture.</summary>
/// <remarks>
/// <para>This is the only place the CLI turns text into a number. It reads the invariant form whatever the machine's
/// culture (<c>0.001</c>, <c>1e-3</c>; never <c>0,001</c>), and refuses what the runtime's own parsers would accept
/// and misread: a comma (thousands separator to <c>float.Parse</c>, so <c>0,5</c> would be 5), NaN and infinities,
/// values that overflow the type (<c>1e39</c> is infinity as a float), and whole numbers written as fractions.</para>
/// <para>The bounds are checked in <see cref="double"/> or <see cref="long"/>, so no comparison wraps around.</para>
/// </remarks>
/// <param name="IsInteger">Whether only whole numbers are allowed.</param>
/// <param name="Minimum">The smallest value allowed (or the bound the value must exceed, when <paramref name="MinimumExclusive"/>).</param>
/// <param name="Maximum">The largest value allowed (or the bound the value must stay under, when <paramref name="MaximumExclusive"/>).</param>
/// <param name="MinimumExclusive">Whether <paramref name="Minimum"/> itself is refused.</param>
/// <param name="MaximumExclusive">Whether <paramref name="Maximum"/> itself is refused.</param>
/// <param name="Example">A typical value for messages, such as <c>0.001</c>.</param>
internal sealed record NumberRange(bool IsInteger, double Minimum, double Maximum, bool MinimumExclusive, bool MaximumExclusive, string Example)
{
    /// <summary>Whole numbers from <paramref name="minimum"/> to <paramref name="maximum"/> (default: <see cref="int.MaxValue"/>).</summary>
    public static NumberRange Integer(long minimum, long maximum = int.MaxValue, string? example = null) =>
        new(true, minimum, maximum, false, false, example ?? Math.Max(minimum, Math.Min(maximum, 10)).ToString(CultureInfo.InvariantCulture));

    /// <summary>Finite numbers above 0 (and at most float's largest).</summary>
    public static NumberRange Positive(string example) => new(false, 0, float.MaxValue, true, false, example);

    /// <summary>Finite numbers from <paramref name="minimum"/> up to <paramref name="maximum"/>, the upper bound excluded when <paramref name="maximumExclusive"/>.</summary>
    public static NumberRange Real(double minimum, double maximum, bool maximumExclusive, string example) => new(false, minimum, maximum, false, maximumExclusive, example);

    /// <summary>The range in words, for messages and help: <c>a whole number from 1 to 2147483647</c>, <c>a number in [0, 1)</c>.</summary>
    public string Describe()
    {
        string kind = IsInteger ? "a whole number" : "a number";
        if (IsInteger)
        {
            return Maximum >= int.MaxValue
                ? $"{kind} of at least {Show(Minimum)}"
                : $"{kind} from {Show(Minimum)} to {Show(Maximum)}";
        }

        if (Maximum >= float.MaxValue)
        {
            return MinimumExclusive ? $"a positive {kind[2..]}" : $"{kind} of at least {Show(Minimum)}";
        }

        return $"{kind} in {(MinimumExclusive ? "(" : "[")}{Show(Minimum)}, {Show(Maximum)}{(MaximumExclusive ? ")" : "]")}";
    }

    /// <summary>Reads <paramref name="text"/>; on failure <paramref name="problem"/> says what is wrong with it, in a phrase that follows "got 'text':".</summary>
    /// <param name="text">The value as typed.</param>
    /// <param name="value">The number read.</param>
    /// <param name="whole">For whole numbers, the number read exactly (a double holds only 53 bits).</param>
    /// <param name="problem">What is wrong, when the result is false.</param>
    public bool TryRead(string text, out double value, out long whole, out string problem)
    {
        value = 0;
        whole = 0;
        string trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            problem = "an empty value";
            return false;
        }

        if (trimmed.Contains(',', StringComparison.Ordinal))
        {
            problem = "the decimal point is '.' and thousands are not separated (the command line reads numbers the same in every language)";
            return false;
        }

        if (IsInteger)
        {
            if (!long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out whole))
            {
                bool digits = trimmed.TrimStart('-', '+').All(char.IsAsciiDigit) && trimmed.TrimStart('-', '+').Length > 0;
                problem = digits ? "it is far too large" : "not a whole number";
                return false;
            }

            value = whole;
        }
        else if (!double.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value))
        {
            problem = "not a number";
            return false;
        }
        else if (!double.IsFinite(value) || Math.Abs(value) > float.MaxValue)
        {
            problem = double.IsNaN(value) ? "not a number" : "it is not finite (too large for a float)";
            return false;
        }

        bool tooSmall = IsInteger ? whole < (long)Minimum : MinimumExclusive ? !(value > Minimum) : !(value >= Minimum);
        bool tooLarge = IsInteger ? whole > (long)Maximum : MaximumExclusive ? !(value < Maximum) : !(value <= Maximum);
        if (tooSmall || tooLarge)
        {
            problem = tooLarge
                ? (MaximumExclusive ? $"it is not below {Show(Maximum)}" : $"it is larger than {Show(Maximum)}")
                : (MinimumExclusive ? $"it is not above {Show(Minimum)}" : $"it is smaller than {Show(Minimum)}");
            return false;
        }

        problem = "";
        return true;
    }

    private static string Show(double value) =>
        value >= float.MaxValue ? "∞" : value.ToString("R", CultureInfo.InvariantCulture);
}
