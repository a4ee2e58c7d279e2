namespace NeuralNet.Compute;

/// <summary>The positions of the set bits of every 8-bit mask: the step that makes branch-free lists of indices.</summary>
/// <remarks>A loop compares a vector of values with zero, looks up the mask of the kept ones here, stores that row (plus
/// the vector's first index) at the list's end, and moves the end on by the mask's population count: no branch per
/// value, so runs of zeros and nonzeros cost no mispredictions. A mask of fewer bits uses the first entries of its row.</remarks>
internal static class BitPositions
{
    /// <summary>For each 8-bit mask m, 8 ints from <c>8·m</c>: the positions of m's set bits in ascending order, then zeros.</summary>
    public static readonly int[] Table = Make();

    private static int[] Make()
    {
        var table = new int[256 * 8];
        for (int mask = 0; mask < 256; mask++)
        {
            int n = 0;
            for (int bit = 0; bit < 8; bit++)
            {
                if ((mask & (1 << bit)) != 0)
                {
                    table[(mask * 8) + n++] = bit;
                }
            }
        }

        return table;
    }
}
