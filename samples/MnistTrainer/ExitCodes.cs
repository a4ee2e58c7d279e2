namespace MnistTrainer;

/// <summary>The process exit codes of every command.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>Anything that is not the caller's mistake: training diverged, a download failed, a bug.</summary>
    public const int Failure = 1;

    /// <summary>A usage or input error: a bad option value, a missing or malformed file, an unwritable output folder.</summary>
    public const int Usage = 2;

    /// <summary>Stopped by Ctrl+C (the shells' 128 + SIGINT); a checkpoint was written where there is one to write.</summary>
    public const int Cancelled = 130;
}
