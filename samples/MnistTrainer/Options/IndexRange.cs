using System.Globalization;

namespace MnistTrainer.Options;

/// <summary>A half-open range of sample indices, <c>START..END</c>, as <c>predict --range</c> and <c>show --range</c> take it.</summary>
/// <param name="Start">The first index.</param>
/// <param name="End">The index after the last, or null for "to the end".</param>
internal readonly record struct IndexRange(int Start, int? End)
{
    /// <summary>Every index.</summary>
    public static IndexRange All => new(0, null);

    /// <summary>Parses <c>START..END</c>, <c>START..</c>, <c>..END</c> or a single index <c>I</c> (the range <c>I..I+1</c>).</summary>
    public static bool TryParse(string text, out IndexRange range)
    {
        range = All;
        int dots = text.IndexOf("..", StringComparison.Ordinal);
        if (dots < 0)
        {
            // The end is one past the index: int.MaxValue has none.
            if (!TryIndex(text, out int single) || single == int.MaxValue)
            {
                return false;
            }

            range = new IndexRange(single, single + 1);
            return true;
        }

        string startText = text[..dots];
        string endText = text[(dots + 2)..];
        int start = 0;
        int? end = null;
        if (startText.Length > 0 && !TryIndex(startText, out start))
        {
            return false;
        }

        if (endText.Length > 0)
        {
            if (!TryIndex(endText, out int e) || e <= start)
            {
                return false;
            }

            end = e;
        }

        range = new IndexRange(start, end);
        return true;
    }

    /// <summary>The indices of this range within <paramref name="count"/> samples.</summary>
    /// <exception cref="UsageException">The range starts at or beyond the end of the samples.</exception>
    public (int Start, int Count) Within(int count, string what)
    {
        int end = Math.Min(End ?? count, count);
        if (Start >= count)
        {
            throw new UsageException($"--range starts at index {Start} but {what} holds {count} samples (indices 0..{count - 1}).");
        }

        return (Start, end - Start);
    }

    /// <summary>Writes the range as it is typed: <c>0..100</c>, <c>500..</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Start}..{End}");

    private static bool TryIndex(string text, out int index) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out index);
}
