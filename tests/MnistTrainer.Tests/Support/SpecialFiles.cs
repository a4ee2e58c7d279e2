using System.Diagnostics;

namespace MnistTrainer.Tests.Support;

/// <summary>Files that are not regular files, made for a test: a named pipe, and the paths of devices.</summary>
public static class SpecialFiles
{
    /// <summary>A device whose content never ends.</summary>
    public const string Zero = "/dev/zero";

    /// <summary>A device that swallows what is written and reads as empty.</summary>
    public const string Null = "/dev/null";

    /// <summary>Whether this system has named pipes and devices as the tests use them (Linux).</summary>
    public static bool Available => OperatingSystem.IsLinux() && File.Exists(Zero);

    /// <summary>Makes a named pipe at <paramref name="path"/> with <c>mkfifo</c> and returns the path.</summary>
    public static string Fifo(string path)
    {
        using Process mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { RedirectStandardError = true })!;
        mkfifo.WaitForExit();
        if (mkfifo.ExitCode != 0)
        {
            throw new InvalidOperationException($"mkfifo {path} failed: {mkfifo.StandardError.ReadToEnd()}");
        }

        return path;
    }

    /// <summary>Runs a program and says whether it succeeded (false when it cannot be started).</summary>
    public static bool Run(string program, params string[] arguments)
    {
        try
        {
            using Process process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
