using System.CommandLine;
using System.CommandLine.Parsing;

namespace MnistTrainer.Options;

/// <summary>An option that takes a comma-separated list of numbers, each in a <see cref="NumberRange"/>, such as <c>--layers 256,128</c>.</summary>
/// <remarks>
/// The comma separates the items, so it can never be a decimal separator here either: <c>--rates 0,5</c> is the two
/// items 0 and 5, and 0 is refused. Items are read by <see cref="NumberRange.TryRead"/>, as every number of the CLI.
/// </remarks>
/// <typeparam name="T">The item type: <see cref="int"/> or <see cref="float"/>.</typeparam>
internal sealed class NumberListOption<T> : Option<T[]>
{
    /// <summary>The most items a list may have.</summary>
    public const int MostItems = 1000;

    /// <summary>Creates the option.</summary>
    /// <param name="name">The option's name, such as <c>--layers</c>.</param>
    /// <param name="item">What each item may be.</param>
    /// <param name="what">What the items are, in the plural, for messages: <c>layer sizes</c>.</param>
    public NumberListOption(string name, NumberRange item, string what)
        : base(name)
    {
        Item = item;
        What = what;
        HelpName = "LIST";
        CustomParser = Parse;
    }

    /// <summary>What each item may be.</summary>
    public NumberRange Item { get; }

    /// <summary>What the items are, for messages.</summary>
    public string What { get; }

    private T[] Parse(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        string[] parts = text.Split(',');
        string expected = $"{Name} expects {What} separated by commas, each {Item.Describe()}, such as {Name} {Item.Example},{Item.Example}; got '{text}'";
        if (parts.Length > MostItems)
        {
            result.AddError($"{expected}: more than {MostItems} items.");
            return [];
        }

        var items = new T[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!Item.TryRead(parts[i], out double value, out long whole, out string problem))
            {
                string which = parts.Length == 1 ? "" : $" item {i + 1} ('{parts[i]}'):";
                result.AddError($"{expected}:{which} {problem}.");
                return [];
            }

            items[i] = typeof(T) == typeof(int) ? (T)(object)checked((int)whole) : (T)(object)(float)value;
        }

        return items;
    }
}
