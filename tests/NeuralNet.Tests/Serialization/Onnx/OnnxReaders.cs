using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Serialization.Onnx;

/// <summary>Finds what the cross-check against independent ONNX readers needs: a Python with onnx and OpenCV (the real MNIST files come from <see cref="TestData.RealMnist"/>).</summary>
/// <remarks>
/// <para>Debian's python3-onnx and python3-opencv install into the system interpreter, which is not always the
/// <c>python3</c> first on PATH (pyenv, virtual environments), so /usr/bin/python3 is tried before it.
/// <c>NEURALNET_PYTHON</c> overrides both;</para>
/// </remarks>
internal static class OnnxReaders
{
    private static readonly Lazy<(string? Python, string? Missing)> _probe = new(Probe);

    /// <summary>Whether CI runs these tests (CI=true), where a missing prerequisite is a failure rather than a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A Python interpreter that has the onnx and cv2 modules, or null.</summary>
    public static string? Python => _probe.Value.Python;

    /// <summary>What is missing, as a sentence that says how to install it; null when everything is there.</summary>
    public static string? Missing
    {
        get
        {
            var problems = new List<string>();
            if (_probe.Value.Missing is { } python)
            {
                problems.Add(python);
            }

            return problems.Count == 0 ? null : string.Join("; ", problems);
        }
    }

    private static (string? Python, string? Missing) Probe()
    {
        string[] candidates = [Environment.GetEnvironmentVariable("NEURALNET_PYTHON") ?? "", "/usr/bin/python3", "python3"];
        var tried = new List<string>();
        foreach (string python in candidates.Where(c => c.Length > 0).Distinct())
        {
            // find_spec locates the modules without importing them: this runs while tests are discovered, so it must be quick.
            const string findModules = "import importlib.util as u, sys; missing = [m for m in ('onnx', 'cv2', 'numpy') if u.find_spec(m) is None]; print(' '.join(missing)); sys.exit(1 if missing else 0)";
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

        return (null, $"no Python with the onnx, cv2 and numpy modules (apt-get install python3-onnx python3-opencv); tried {string.Join(", ", tried)}");
    }
}
