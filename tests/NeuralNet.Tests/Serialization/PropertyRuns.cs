using System.Diagnostics;

namespace NeuralNet.Tests.Serialization;

/// <summary>How long the codecs' property tests run, and the bounds every load in them must keep.</summary>
/// <remarks>
/// The normal <c>dotnet test</c> runs a few hundred cases per property (a few seconds in all); set
/// <c>NEURALNET_PROPERTY_ITERATIONS</c> to run that many cases of each instead, for instance 100000 for a longer search.
/// CsCheck prints the seed of a failing case, shrunk to a small one; give it back as the <c>seed</c> argument to replay it.
/// </remarks>
internal static class PropertyRuns
{
    /// <summary>The environment variable that sets the number of cases per property.</summary>
    public const string Variable = "NEURALNET_PROPERTY_ITERATIONS";

    /// <summary>A load may allocate this many bytes per byte of file (parameters, gradients, optimizer state) ...</summary>
    public const long BytesPerFileByte = 16;

    /// <summary>... plus this much whatever the file (the trainer, its callbacks, names, messages).</summary>
    public const long AllowanceBytes = 1 << 20;

    /// <summary>No load of these small files may take longer (a hang or a loop over a forged count).</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(5);

    /// <summary>The cases to run: <paramref name="normal"/>, or the count in <see cref="Variable"/>.</summary>
    public static long Iterations(long normal) =>
        long.TryParse(Environment.GetEnvironmentVariable(Variable), out long count) && count > 0 ? count : normal;

    /// <summary>Runs <paramref name="load"/> on this thread and checks its allocation and time against the bounds for a file of <paramref name="fileLength"/> bytes.</summary>
    /// <returns>The value loaded, or the exception thrown (any type: the caller says which it documents).</returns>
    public static (T? Value, Exception? Error) Bounded<T>(int fileLength, Func<T> load)
        where T : class
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        T? value = null;
        Exception? error = null;
        try
        {
            value = load();
        }
        catch (Exception ex)
        {
            error = ex;
        }

        TimeSpan elapsed = clock.Elapsed;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.Should().BeLessThanOrEqualTo((BytesPerFileByte * fileLength) + AllowanceBytes, $"loading {fileLength} bytes must allocate a small multiple of the file ({error?.GetType().Name ?? "loaded"})");
        elapsed.Should().BeLessThan(TimeLimit, $"loading {fileLength} bytes must not hang");
        return (value, error);
    }
}
