using System.Diagnostics;
using System.Globalization;
using NeuralNet.Compute;

namespace NeuralNet.Benchmarks;

/// <summary>What the default search chooses, and the calibration behind it for each library given: <c>--backend [library...]</c>.</summary>
/// <remarks>Each library is timed against the managed kernel as the search would time an untuned one (<see cref="BlasCalibration"/>),
/// tuned or not, so the figures can be compared; the last line is what a process with only the first library would choose.</remarks>
internal static class BackendChoice
{
    public static void Run(string[] libraries)
    {
        Console.WriteLine($"default search: {ComputeBackend.Current}");
        foreach (string library in libraries)
        {
            NativeBlas blas = NativeBlas.TryLoad([library], out string tried) ?? throw new ArgumentException($"{library}: {tried}");
            long started = Stopwatch.GetTimestamp();
            BlasCalibration calibration = BlasCalibration.For(blas);
            double elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{blas.LibraryPath} ({blas.Provider}): calibration products {calibration.NativeSeconds * 1e6:F0} µs on it, {calibration.ManagedSeconds * 1e6:F0} µs managed, {calibration.RoutedSeconds * 1e6:F0} µs routed; faster on [{calibration.NativeClassNames()}]; verdict {calibration.Choice}; {elapsed:F1} ms in all"));
        }

        if (libraries.Length > 0)
        {
            ComputeBackend.Reset();
            ComputeBackend.SearchCandidates = [libraries[0]];
            Console.WriteLine($"a search finding only {libraries[0]}: {ComputeBackend.Current}");
        }
    }
}
