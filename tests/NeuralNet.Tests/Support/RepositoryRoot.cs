namespace NeuralNet.Tests.Support;

/// <summary>Finds the checkout the tests run from, for tests that read the README or build the package.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "NeuralNet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No NeuralNet.sln above {AppContext.BaseDirectory}.");
    }
}
