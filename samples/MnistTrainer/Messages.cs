using System.Text.RegularExpressions;

namespace MnistTrainer;

/// <summary>Helpers for turning the library's exception messages into command-line messages.</summary>
internal static partial class Messages
{
    /// <summary>The message without the <c>(Parameter 'x')</c> that <see cref="ArgumentException"/> appends: on the command line the option is named instead.</summary>
    public static string WithoutParameter(ArgumentException exception)
    {
        string message = exception.Message;
        string suffix = $" (Parameter '{exception.ParamName}')";
        return exception.ParamName is not null && message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
    }

    /// <summary>The text without any <c>(Parameter 'x')</c>, wherever a wrapped message put it, and without the runtime's <c>Actual value was x.</c> line.</summary>
    public static string WithoutAnyParameter(string text) => ActualValue().Replace(Parameter().Replace(text, ""), "");

    [GeneratedRegex(@" ?\(Parameter '[^']*'\)")]
    private static partial Regex Parameter();

    [GeneratedRegex(@";? ?Actual value was [^;]*\.")]
    private static partial Regex ActualValue();
}
