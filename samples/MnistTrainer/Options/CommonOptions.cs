using System.CommandLine;

namespace MnistTrainer.Options;

/// <summary>Options several commands share; each command gets its own instances.</summary>
internal static class CommonOptions
{
    /// <summary><c>--output DIR</c>: where a run's report goes.</summary>
    public static Option<string?> Output() => new("--output", "-o")
    {
        Description = "The folder for the report (model, history, summary, pictures, checkpoints) [default: runs/<timestamp>].",
        HelpName = "DIR",
    };

    /// <summary><c>--json</c>: machine-readable standard output.</summary>
    public static Option<bool> Json(string what) => new("--json")
    {
        Description = $"Print {what} as JSON on standard output (progress and notes go to standard error).",
    };

    /// <summary><c>--model FILE</c>: a model file written by <c>train</c>.</summary>
    public static Option<string> Model(bool required) => new("--model", "-m")
    {
        Description = "A model file (.nnet) written by 'train'" + (required ? "." : " [default: the newest runs/*/model.nnet]."),
        HelpName = "FILE",
        Required = required,
    };

    /// <summary><c>--verbose</c>: stack traces with errors; accepted by every command.</summary>
    public static Option<bool> Verbose() => new("--verbose")
    {
        Description = "Show the full error, with its stack trace, when something fails.",
        Recursive = true,
    };
}
