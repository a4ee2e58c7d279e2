namespace MnistTrainer;

/// <summary>Helpers for turning the library's exception messages into command-line messages.</summary>
internal static class Messages
{
    /// <summary>The message without the <c>(Parameter 'x')</c> that <see cref="ArgumentException"/> appends: on the command line the option is named instead.</summary>
    public static string WithoutParameter(ArgumentException exception)
    {
        string message = exception.Message;
        string suffix = $" (Parameter '{exception.ParamName}')";
        return exception.ParamName is not null && message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
    }
}
