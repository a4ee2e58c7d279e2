using System.CommandLine;
using System.CommandLine.Parsing;

namespace MnistTrainer.Options;

/// <summary><c>--layers</c>: the hidden layers as comma-separated items of <see cref="LayerSpec"/>'s grammar, such as <c>conv:32x5,pool:2,conv:64x5,pool:2,128</c>.</summary>
/// <remarks>A malformed item is a parse error that names the option, the item and what is wrong with it, so the command exits with code 2.</remarks>
internal sealed class LayerListOption : Option<LayerSpec[]>
{
    /// <summary>The most items a list may have.</summary>
    public const int MostItems = 1000;

    /// <summary>Creates the option.</summary>
    public LayerListOption()
        : base("--layers")
    {
        HelpName = "LAYERS";
        CustomParser = Parse;
    }

    private LayerSpec[] Parse(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        string expected = $"{Name} expects layers separated by commas, each {LayerSpec.Grammar}, such as {Name} 128,64 or {Name} conv:32x5,pool:2,128; got '{text}'";
        if (text.Split(',').Length > MostItems)
        {
            result.AddError($"{expected}: more than {MostItems} items.");
            return [];
        }

        if (!LayerSpec.TryParseList(text, out LayerSpec[] specs, out string problem))
        {
            result.AddError($"{expected}: {problem}.");
            return [];
        }

        return specs;
    }
}
