using System.Globalization;

namespace MnistTrainer.Options;

/// <summary>One item of <c>--layers</c>: a dense width, <c>conv:CxK[/sS][/pP]</c>, <c>pool:K[/sS]</c>, <c>avgpool:K[/sS]</c> or <c>bn</c>.</summary>
/// <remarks>
/// <para>The grammar, one item between commas (words in any case, <c>x</c> or <c>×</c> between channels and kernel):</para>
/// <list type="bullet">
/// <item><description><c>N</c>: a fully-connected layer of N units.</description></item>
/// <item><description><c>conv:CxK</c>: a convolution of C filters of K × K, followed by the hidden activation;
/// <c>/sS</c> sets the stride (default 1) and <c>/pP</c> the zero padding on each side (default (K − 1)/2 for an
/// odd K, which keeps H × W at stride 1, "same" padding; 0 for an even K).</description></item>
/// <item><description><c>pool:K</c> and <c>avgpool:K</c>: max and average pooling over K × K windows, <c>/sS</c> apart
/// (default K, side by side).</description></item>
/// <item><description><c>bn</c>: batch normalization, per channel after an image layer, per feature after a dense one.</description></item>
/// </list>
/// <para>Every number is read by <see cref="NumberRange"/>, as every number of the command line. Image layers read the
/// samples as C × H × W; they come before the first dense layer, whose output is a flat vector.</para>
/// </remarks>
/// <param name="Kind">The layer's kind.</param>
/// <param name="Size">Units of a dense layer, filters of a convolution, window size of a pooling; 0 for batch norm.</param>
/// <param name="Kernel">K of a convolution; 0 otherwise.</param>
/// <param name="Stride">The stride of a convolution or pooling, or null for the default.</param>
/// <param name="Padding">The padding of a convolution, or null for the default.</param>
internal sealed record LayerSpec(LayerKind Kind, int Size, int Kernel = 0, int? Stride = null, int? Padding = null)
{
    /// <summary>The most units, filters or window positions an item may ask for; the memory check refuses what does not fit first.</summary>
    private static readonly NumberRange Count = NumberRange.Integer(1, example: "32");

    private static readonly NumberRange Step = NumberRange.Integer(1, example: "2");

    private static readonly NumberRange Pad = NumberRange.Integer(0, example: "2");

    /// <summary>The grammar in one line, for messages and help.</summary>
    public const string Grammar = "a dense width N, conv:CHANNELSxKERNEL[/sSTRIDE][/pPAD], pool:SIZE[/sSTRIDE], avgpool:SIZE[/sSTRIDE] or bn";

    /// <summary>Whether the layer reads its samples as images (a convolution or a pooling).</summary>
    public bool IsImageLayer => Kind is LayerKind.Conv or LayerKind.MaxPool or LayerKind.AveragePool;

    /// <summary>The stride the layer uses: the one given, or 1 for a convolution and the window size for a pooling.</summary>
    public int EffectiveStride => Stride ?? (Kind == LayerKind.Conv ? 1 : Size);

    /// <summary>The padding the convolution uses: the one given, or (K − 1)/2 for an odd K and 0 for an even one.</summary>
    public int EffectivePadding => Padding ?? DefaultPadding(Kernel);

    /// <summary>The padding of a K × K convolution when none is given: (K − 1)/2 for an odd K ("same" at stride 1), 0 for an even K.</summary>
    public static int DefaultPadding(int kernel) => kernel % 2 == 1 ? (kernel - 1) / 2 : 0;

    /// <summary>Reads one item; on failure <paramref name="problem"/> says what is wrong, in a phrase that follows the item.</summary>
    public static bool TryParse(string text, out LayerSpec spec, out string problem)
    {
        spec = new LayerSpec(LayerKind.BatchNorm, 0);
        string item = text.Trim();
        int colon = item.IndexOf(':', StringComparison.Ordinal);
        string word = (colon < 0 ? item : item[..colon]).ToLowerInvariant();
        string rest = colon < 0 ? "" : item[(colon + 1)..];
        switch (word)
        {
            case "bn" when colon < 0:
                problem = "";
                return true;
            case "bn":
                problem = "batch normalization takes no settings: write bn";
                return false;
            case "conv":
                return TryConv(rest, out spec, out problem);
            case "pool" or "maxpool":
                return TryPool(LayerKind.MaxPool, word, rest, out spec, out problem);
            case "avgpool":
                return TryPool(LayerKind.AveragePool, word, rest, out spec, out problem);
        }

        if (colon >= 0)
        {
            problem = $"'{word}' is not a kind of layer; expected conv, pool, avgpool or bn";
            return false;
        }

        if (item.Length > 0 && char.IsAsciiLetter(item[0]))
        {
            problem = $"'{item}' is not a layer; expected {Grammar}";
            return false;
        }

        if (!Read(Count, item, "a dense layer's width", out int units, out problem))
        {
            return false;
        }

        spec = new LayerSpec(LayerKind.Dense, units);
        problem = "";
        return true;
    }

    /// <summary>Reads a whole <c>--layers</c> value; on failure <paramref name="problem"/> names the item and what is wrong with it.</summary>
    public static bool TryParseList(string text, out LayerSpec[] specs, out string problem)
    {
        string[] parts = text.Split(',');
        specs = new LayerSpec[parts.Length];
        bool denseSeen = false;
        for (int i = 0; i < parts.Length; i++)
        {
            string which = parts.Length == 1 ? "" : $"item {i + 1} ('{parts[i]}'): ";
            if (!TryParse(parts[i], out specs[i], out string why))
            {
                problem = which + why;
                return false;
            }

            if (specs[i].IsImageLayer && denseSeen)
            {
                problem = $"{which}convolution and pooling layers read images, and a dense layer's output is a flat vector: put them before the first dense layer";
                return false;
            }

            denseSeen |= specs[i].Kind == LayerKind.Dense;
        }

        problem = "";
        return true;
    }

    /// <summary>The items as <c>--layers</c> takes them, defaults left out: <c>conv:32x5,pool:2,128</c>.</summary>
    public static string Describe(IEnumerable<LayerSpec> specs) => string.Join(',', specs.Select(s => s.ToString()));

    /// <summary>The item as <c>--layers</c> takes it, with the stride and padding only where they are not the defaults: <c>conv:32x5</c>, <c>conv:16x3/s2</c>, <c>pool:2</c>, <c>128</c>.</summary>
    public override string ToString() => Kind switch
    {
        LayerKind.Dense => Show(Size),
        LayerKind.Conv => $"conv:{Show(Size)}x{Show(Kernel)}{(EffectiveStride == 1 ? "" : "/s" + Show(EffectiveStride))}{(EffectivePadding == DefaultPadding(Kernel) ? "" : "/p" + Show(EffectivePadding))}",
        LayerKind.MaxPool => $"pool:{Show(Size)}{(EffectiveStride == Size ? "" : "/s" + Show(EffectiveStride))}",
        LayerKind.AveragePool => $"avgpool:{Show(Size)}{(EffectiveStride == Size ? "" : "/s" + Show(EffectiveStride))}",
        _ => "bn",
    };

    private static bool TryConv(string rest, out LayerSpec spec, out string problem)
    {
        spec = new LayerSpec(LayerKind.Conv, 0);
        const string form = "a convolution is conv:CHANNELSxKERNEL[/sSTRIDE][/pPAD], such as conv:32x5 or conv:16x3/s2/p0";
        string[] parts = rest.Split('/');
        string[] sizes = parts[0].Split('x', 'X', '×');
        if (sizes.Length != 2)
        {
            problem = $"{form}; '{parts[0]}' is not CHANNELSxKERNEL";
            return false;
        }

        if (!Read(Count, sizes[0], "CHANNELS", out int channels, out problem) || !Read(Count, sizes[1], "KERNEL", out int kernel, out problem))
        {
            problem = $"{form}; {problem}";
            return false;
        }

        int? stride = null;
        int? padding = null;
        foreach (string setting in parts[1..])
        {
            if (!ReadSetting(setting, ref stride, ref padding, allowPadding: true, out problem))
            {
                problem = $"{form}; {problem}";
                return false;
            }
        }

        spec = new LayerSpec(LayerKind.Conv, channels, kernel, stride, padding);
        problem = "";
        return true;
    }

    private static bool TryPool(LayerKind kind, string word, string rest, out LayerSpec spec, out string problem)
    {
        spec = new LayerSpec(kind, 0);
        string form = $"a pooling is {word}:SIZE[/sSTRIDE], such as {word}:2 or {word}:3/s2";
        string[] parts = rest.Split('/');
        if (!Read(Count, parts[0], "SIZE", out int size, out problem))
        {
            problem = $"{form}; {problem}";
            return false;
        }

        int? stride = null;
        int? padding = null;
        foreach (string setting in parts[1..])
        {
            if (!ReadSetting(setting, ref stride, ref padding, allowPadding: false, out problem))
            {
                problem = $"{form}; {problem}";
                return false;
            }
        }

        spec = new LayerSpec(kind, size, 0, stride);
        problem = "";
        return true;
    }

    /// <summary>Reads <c>sSTRIDE</c> or <c>pPAD</c>, each at most once.</summary>
    private static bool ReadSetting(string setting, ref int? stride, ref int? padding, bool allowPadding, out string problem)
    {
        string trimmed = setting.Trim();
        char letter = trimmed.Length > 0 ? char.ToLowerInvariant(trimmed[0]) : '\0';
        if (letter == 's' && stride is null)
        {
            bool read = Read(Step, trimmed[1..], "STRIDE", out int value, out problem);
            stride = value;
            return read;
        }

        if (letter == 'p' && allowPadding && padding is null)
        {
            bool read = Read(Pad, trimmed[1..], "PAD", out int value, out problem);
            padding = value;
            return read;
        }

        problem = letter is 's' or 'p' && (letter == 's' ? stride : padding) is not null
            ? $"'/{trimmed}' repeats a setting"
            : $"'/{trimmed}' is not a setting (expected /sSTRIDE{(allowPadding ? " or /pPAD" : "")})";
        return false;
    }

    private static bool Read(NumberRange range, string text, string part, out int value, out string problem)
    {
        value = 0;
        if (!range.TryRead(text, out _, out long whole, out string why))
        {
            problem = $"{part} must be {range.Describe()}, but '{text}' is {(why.StartsWith("it is ", StringComparison.Ordinal) ? why[6..] : why)}";
            return false;
        }

        value = (int)whole;
        problem = "";
        return true;
    }

    private static string Show(int value) => value.ToString(CultureInfo.InvariantCulture);
}
