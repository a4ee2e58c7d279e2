using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Layers.TorchReference;

/// <summary>Finds a Python with PyTorch 1.13 (Debian's python3-torch) and NumPy for the comparison against PyTorch.</summary>
/// <remarks>Debian's packages install into the system interpreter, so /usr/bin/python3 comes before the python3 on PATH;
/// <c>NEURALNET_PYTHON</c> overrides both.</remarks>
internal static class TorchPython
{
    private static readonly Lazy<(string? Python, string? Missing)> _probe = new(Probe);

    /// <summary>Whether CI runs the tests (CI=true), where a missing PyTorch is a failure rather than a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>An interpreter that has the torch and numpy modules, or null.</summary>
    public static string? Python => _probe.Value.Python;

    /// <summary>What is missing and how to install it; null when everything is there.</summary>
    public static string? Missing => _probe.Value.Missing;

    private static (string? Python, string? Missing) Probe()
    {
        string[] candidates = [Environment.GetEnvironmentVariable("NEURALNET_PYTHON") ?? "", "/usr/bin/python3", "python3"];
        var tried = new List<string>();
        foreach (string python in candidates.Where(c => c.Length > 0).Distinct())
        {
            // find_spec finds the modules without importing torch (seconds): this runs while tests are discovered.
            const string findModules = "import importlib.util as u, sys; missing = [m for m in ('torch', 'numpy') if u.find_spec(m) is None]; print(' '.join(missing)); sys.exit(1 if missing else 0)";
            try
            {
                ProcessRunner.Result result = ProcessRunner.Run(python, ["-c", findModules], AppContext.BaseDirectory, timeout: TimeSpan.FromSeconds(30));
                if (result.ExitCode == 0)
                {
                    return (python, null);
                }

                tried.Add($"{python}: no module {result.Output.Trim()}");
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
            {
                tried.Add($"{python}: {e.Message.Split('\n')[0]}");
            }
        }

        return (null, $"no Python with the torch and numpy modules (apt-get install python3-torch python3-numpy); tried {string.Join(", ", tried)}");
    }
}

/// <summary>A fact that needs PyTorch: skipped with the reason on a machine without it, failed under CI=true.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class TorchFactAttribute : FactAttribute
{
    public TorchFactAttribute()
    {
        if (!TorchPython.IsCi && TorchPython.Missing is { } missing)
        {
            Skip = $"Skipped because {missing}. Under CI=true this test fails instead.";
        }
    }
}
