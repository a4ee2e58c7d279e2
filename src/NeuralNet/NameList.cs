namespace NeuralNet;

/// <summary>Checks a list of class or feature names given to a <see cref="Network"/>.</summary>
internal static class NameList
{
    /// <summary>Returns a read-only copy of <paramref name="names"/> after checking its count and that no name is empty (or repeated, when <paramref name="unique"/>).</summary>
    /// <exception cref="ArgumentException">The count differs from <paramref name="expected"/>, or a name is empty or repeated.</exception>
    public static IReadOnlyList<string> Check(IReadOnlyList<string> names, int expected, string what, bool unique, Network network)
    {
        string[] copy = [.. names];
        if (copy.Length != expected)
        {
            throw new ArgumentException(
                $"{network} has {expected} {(what == "class" ? "outputs" : "inputs")} but {copy.Length} {what} names were given.", nameof(names));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < copy.Length; i++)
        {
            if (string.IsNullOrEmpty(copy[i]))
            {
                throw new ArgumentException($"The {what} name {i} is empty; every {what} needs a name.", nameof(names));
            }

            if (unique && !seen.Add(copy[i]))
            {
                throw new ArgumentException($"The {what} name {i} ('{copy[i]}') repeats an earlier one; {what} names must differ.", nameof(names));
            }
        }

        return Array.AsReadOnly(copy);
    }
}
