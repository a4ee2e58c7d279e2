using System.Diagnostics;
using System.Globalization;
using NeuralNet.Data;

namespace NeuralNet.Benchmarks.Data;

/// <summary>The process's peak resident memory while loading MNIST's training set, against the size of the matrix it yields: <c>--load-memory</c> (Linux).</summary>
/// <remarks>
/// MemoryDiagnoser counts managed allocations only; the target ("peak memory while loading stays under 3× the matrix")
/// is about the whole process. Each source is loaded in a fresh child process (the files are prepared as in
/// <see cref="DataLoadingBenchmarks"/>, which itself allocates far more than a load), which reads its resident size
/// (<c>VmRSS</c>) just before the load and its high-water mark (<c>VmHWM</c>) just after.
/// </remarks>
internal static class LoadingPeakMemory
{
    public const string ChildFlag = "--load-memory-child";

    public static void Run()
    {
        if (!File.Exists("/proc/self/status"))
        {
            Console.Error.WriteLine("--load-memory reads /proc/self/status and runs on Linux only.");
            return;
        }

        var files = new DataLoadingBenchmarks();
        files.Setup();
        try
        {
            (string Source, string[] Paths)[] sources =
            [
                ("raw IDX", [files.Raw.TrainImages, files.Raw.TrainLabels]),
                ("gzipped IDX", [files.GzipPath(Mnist.TrainImagesFileName), files.GzipPath(Mnist.TrainLabelsFileName)]),
                ("CSV", [files.CsvPath]),
            ];
            Console.WriteLine("source        RSS before (MiB)  peak RSS (MiB)  peak - before (MiB)  matrix (MiB)  (peak - before) / matrix");
            foreach (var (source, paths) in sources)
            {
                Console.WriteLine($"{source,-12}  {RunChild(paths)}");
            }
        }
        finally
        {
            files.Cleanup();
        }
    }

    /// <summary>The child's side: loads the files given and prints one row of the table.</summary>
    public static void Child(string[] paths)
    {
        long before = StatusKiB("VmRSS:");
        Dataset data = paths is [string csv] ? DatasetLoader.LoadCsv(csv) : DatasetLoader.LoadIdx(paths[0], paths[1]);
        long peak = StatusKiB("VmHWM:");
        double matrixKiB = data.Inputs.RowCount * (double)data.Inputs.ColumnCount * sizeof(float) / 1024;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{before / 1024.0,16:0.0}  {peak / 1024.0,14:0.0}  {(peak - before) / 1024.0,19:0.0}  {matrixKiB / 1024,12:0.0}  {(peak - before) / matrixKiB,24:0.00}x"));
    }

    private static string RunChild(string[] paths)
    {
        string self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(LoadingPeakMemory).Assembly.Location);
        }

        info.ArgumentList.Add(ChildFlag);
        foreach (string path in paths)
        {
            info.ArgumentList.Add(path);
        }

        using Process child = Process.Start(info)!;
        string row = child.StandardOutput.ReadToEnd().TrimEnd();
        child.WaitForExit();
        return child.ExitCode == 0 ? row : $"failed with exit code {child.ExitCode}";
    }

    private static long StatusKiB(string key)
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(key, StringComparison.Ordinal));
        return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
