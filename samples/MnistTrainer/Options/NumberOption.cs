using System.CommandLine;
using System.CommandLine.Parsing;

namespace MnistTrainer.Options;

/// <summary>An option that takes one number in a <see cref="NumberRange"/>, read in the invariant culture; a value outside it is a parse error naming the option.</summary>
/// <remarks>
/// <para>Every numeric option of every command is one of these (or a <see cref="NumberListOption{T}"/>), never a bare
/// <c>Option&lt;int&gt;</c> or <c>Option&lt;float&gt;</c>: the parser's own conversion reads the current culture, and
/// under a German locale it read <c>--lr 0.001</c> as 1 (the dot is a thousands separator there). The tests find every
/// option in the command tree and fail when a numeric one is not of this kind.</para>
/// <para><typeparamref name="T"/> is the option's value: <see cref="int"/>, <see cref="long"/> or <see cref="float"/>,
/// or their nullable forms for options whose absence means something.</para>
/// </remarks>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class NumberOption<T> : Option<T>
{
    /// <summary>Creates the option.</summary>
    /// <param name="name">The option's name, such as <c>--lr</c>.</param>
    /// <param name="range">What the value may be.</param>
    /// <param name="aliases">Other names.</param>
    public NumberOption(string name, NumberRange range, params string[] aliases)
        : base(name, aliases)
    {
        Range = range;
        HelpName = range.IsInteger ? "N" : "NUMBER";
        CustomParser = Parse;
    }

    /// <summary>What the value may be.</summary>
    public NumberRange Range { get; }

    /// <summary>Words that stand for a value, such as <c>full</c> for the batch size (compared ignoring case).</summary>
    public IReadOnlyDictionary<string, T> Keywords { get; init; } = new Dictionary<string, T>();

    private T Parse(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        foreach ((string word, T meaning) in Keywords)
        {
            if (string.Equals(text.Trim(), word, StringComparison.OrdinalIgnoreCase))
            {
                return meaning;
            }
        }

        if (Range.TryRead(text, out double value, out long whole, out string problem))
        {
            return Convert(value, whole);
        }

        string keywords = Keywords.Count == 0 ? "" : $" or {string.Join(", ", Keywords.Keys.Select(k => $"'{k}'"))}";
        result.AddError($"{Name} expects {Range.Describe()}{keywords}, such as {Name} {Range.Example}; got '{text}': {problem}.");
        return default!;
    }

    private static T Convert(double value, long whole)
    {
        // The range's bounds lie within the type, so the casts below cannot overflow; checked all the same.
        Type type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        object boxed = type == typeof(int) ? (object)checked((int)whole)
            : type == typeof(long) ? (object)whole
            : type == typeof(float) ? (object)(float)value
            : type == typeof(double) ? (object)value
            : throw new NotSupportedException($"NumberOption does not read {type.Name} values.");
        return (T)boxed;
    }
}
