using System.Globalization;

namespace NeuralNet.Schedules;

/// <summary>Reads the command-line forms of <see cref="LearningRateSchedule.Parse"/>.</summary>
internal static class ScheduleParser
{
    private const string AcceptedForms =
        "constant, step:<epochs>[:<gamma>], exp:<gamma>, cosine[:period=<epochs>,min=<rate>,warmup=<epochs>], " +
        "plateau[:factor=<factor>,patience=<epochs>,threshold=<relative delta>,min=<rate>] " +
        "(for example step:10:0.5, cosine:warmup=2, plateau:factor=0.5,patience=3)";

    internal static LearningRateSchedule Parse(string text, int epochs)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);

        string trimmed = text.Trim();
        int colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        string name = colon < 0 ? trimmed : trimmed[..colon].TrimEnd();
        string? arguments = colon < 0 ? null : trimmed[(colon + 1)..];

        try
        {
            if (Is(name, "constant") && arguments is null)
            {
                return LearningRateSchedule.Constant;
            }

            if (Is(name, "step") && arguments is not null)
            {
                string[] parts = arguments.Split(':');
                return parts.Length switch
                {
                    1 => new StepDecay(Int(text, "step", parts[0])),
                    2 => new StepDecay(Int(text, "step", parts[0]), Float(text, "gamma", parts[1])),
                    _ => throw Invalid(text, "step takes the epochs per step and at most a gamma"),
                };
            }

            if (Is(name, "exp") && arguments is not null)
            {
                return new ExponentialDecay(Float(text, "gamma", arguments));
            }

            if (Is(name, "cosine"))
            {
                Dictionary<string, string> settings = Settings(text, arguments, "period", "min", "warmup");
                int warmup = settings.TryGetValue("warmup", out string? w) ? Int(text, "warmup", w) : 0;
                float minimum = settings.TryGetValue("min", out string? m) ? Float(text, "min", m) : 0f;
                if (settings.TryGetValue("period", out string? p))
                {
                    return new CosineAnnealing(Int(text, "period", p), minimum, warmup);
                }

                // Without a period the descent fills the epochs the warm-up leaves, so it ends with training.
                if (warmup >= epochs)
                {
                    throw Invalid(text, $"a warm-up of {warmup} epochs leaves none of the {epochs} training epochs for the cosine; give fewer warm-up epochs or a period=");
                }

                // Max: a negative warm-up is the constructor's to reject, not a reason to overflow here.
                return new CosineAnnealing(epochs - Math.Max(warmup, 0), minimum, warmup);
            }

            if (Is(name, "plateau"))
            {
                Dictionary<string, string> settings = Settings(text, arguments, "factor", "patience", "threshold", "min");
                var defaults = new ReduceOnPlateau(); // the constructor's defaults, stated once there
                return new ReduceOnPlateau(
                    settings.TryGetValue("factor", out string? f) ? Float(text, "factor", f) : defaults.Factor,
                    settings.TryGetValue("patience", out string? p) ? Int(text, "patience", p) : defaults.Patience,
                    settings.TryGetValue("threshold", out string? t) ? Double(text, "threshold", t) : defaults.MinimumDelta,
                    settings.TryGetValue("min", out string? m) ? Float(text, "min", m) : defaults.MinimumRate);
            }
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw Invalid(text, ConstructorSentence(e), e);
        }

        string reason = Is(name, "step") || Is(name, "exp") ? $"{name} needs a value after a colon"
            : Is(name, "constant") ? "constant takes no settings"
            : $"'{name}' is not a schedule name";
        throw Invalid(text, reason);
    }

    /// <summary>The constructor's own sentence, which names the setting and its range, without what the runtime appends.</summary>
    private static string ConstructorSentence(ArgumentOutOfRangeException e)
    {
        // The runtime adds " (Parameter 'x')" and a line with the actual value, both already in the sentence.
        string sentence = e.Message.Split(Environment.NewLine)[0];
        string suffix = $" (Parameter '{e.ParamName}')";
        if (sentence.EndsWith(suffix, StringComparison.Ordinal))
        {
            sentence = sentence[..^suffix.Length];
        }

        return sentence.TrimEnd('.');
    }

    private static bool Is(string name, string expected) => string.Equals(name, expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>Splits <c>key=value,key=value</c> into a case-insensitive map, rejecting unknown and repeated keys.</summary>
    private static Dictionary<string, string> Settings(string text, string? arguments, params string[] keys)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (arguments is null)
        {
            return settings;
        }

        foreach (string pair in arguments.Split(','))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string key = equals < 0 ? pair.Trim() : pair[..equals].Trim();
            if (equals < 0 || !keys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                throw Invalid(text, $"'{pair.Trim()}' is not one of {string.Join(", ", keys.Select(k => k + "=<value>"))}");
            }

            if (!settings.TryAdd(key, pair[(equals + 1)..].Trim()))
            {
                throw Invalid(text, $"{key} is given twice");
            }
        }

        return settings;
    }

    // Numbers are read in the invariant culture whatever the machine's: NumberStyles.Float has no thousands separator,
    // so "0,5" is refused (never read as 5), and the messages say why.
    private static int Int(string text, string key, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int result)
            ? result
            : throw Invalid(text, $"{key} must be a whole number but is '{value}'{Why(value, whole: true)}");

    private static float Float(string text, string key, string value) =>
        float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out float result)
            ? result
            : throw Invalid(text, $"{key} must be a number such as 0.5 or 1e-5 but is '{value}'{Why(value, whole: false)}");

    private static double Double(string text, string key, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double result)
            ? result
            : throw Invalid(text, $"{key} must be a number such as 0.5 or 1e-5 but is '{value}'{Why(value, whole: false)}");

    /// <summary>Why a value that looks like a number is not one: a decimal comma, or a whole number too large for an int.</summary>
    private static string Why(string value, bool whole) =>
        value.Contains(',', StringComparison.Ordinal) ? " (the decimal point is '.', in every language)"
        : whole && value.Trim().TrimStart('-', '+') is { Length: > 0 } digits && digits.All(char.IsAsciiDigit) ? " (too large)"
        : "";

    private static ArgumentException Invalid(string text, string reason, Exception? inner = null) =>
        new($"Cannot read the learning-rate schedule '{text}': {reason}. Accepted forms: {AcceptedForms}.", nameof(text), inner);
}
