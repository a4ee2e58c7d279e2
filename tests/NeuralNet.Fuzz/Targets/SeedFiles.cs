namespace NeuralNet.Fuzz.Targets;

/// <summary>Seeds that the library's writers make: they write to paths, so each seed goes through a temporary file.</summary>
internal static class SeedFiles
{
    /// <summary>The bytes <paramref name="write"/> puts in a new file.</summary>
    public static byte[] Idx(Action<string> write) => Through(write, ".idx");

    /// <summary>The bytes <paramref name="write"/> puts in a new text file.</summary>
    public static byte[] Text(Action<string> write) => Through(write, ".csv");

    private static byte[] Through(Action<string> write, string extension)
    {
        string path = Path.Combine(Path.GetTempPath(), $"neuralnet-fuzz-seed-{Guid.NewGuid():N}{extension}");
        try
        {
            write(path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
