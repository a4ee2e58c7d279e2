using System.Globalization;

namespace NeuralNet.Compute;

/// <summary>The one rule for sizes that a user or a file gives: checked before anything is allocated.</summary>
/// <remarks>
/// <para>A block of rows × columns elements is computed in checked 64-bit arithmetic and refused when it does not fit
/// one .NET array (<see cref="Array.MaxLength"/> elements) or when its bytes exceed the memory the garbage collector may
/// use on this machine (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>: physical memory, or a container's limit).
/// The message names what was being sized, the sizes, the element count and the bytes.</para>
/// <para><see cref="Network.Create"/>, <see cref="Layers.DenseLayer"/>, <see cref="Layers.Parameter"/>,
/// <see cref="Data.Dataset"/> and the IDX and CSV readers all size their arrays through it, so one rule holds everywhere;
/// a reader turns the problem into its own file exception.</para>
/// </remarks>
internal static class ElementBudget
{
    /// <summary>The bytes the garbage collector may use on this machine (physical memory or the container's limit).</summary>
    public static long AvailableBytes
    {
        get
        {
            long bytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            return bytes > 0 ? bytes : long.MaxValue;
        }
    }

    /// <summary>Why <paramref name="rows"/> × <paramref name="columns"/> elements of <paramref name="elementSize"/> bytes (times <paramref name="copies"/> arrays) cannot be allocated, or null when they can.</summary>
    /// <param name="rows">The first size; negative sizes are refused too.</param>
    /// <param name="columns">The second size.</param>
    /// <param name="elementSize">Bytes per element; default 4 (float32).</param>
    /// <param name="copies">How many arrays of that size are allocated together (a parameter and its gradient: 2).</param>
    /// <param name="elements">The element count of one array when it fits; 0 otherwise.</param>
    public static string? Problem(long rows, long columns, out int elements, int elementSize = sizeof(float), int copies = 1)
    {
        elements = 0;
        if (rows < 0 || columns < 0)
        {
            return Invariant($"a size is negative ({rows} x {columns})");
        }

        if (columns != 0 && rows > long.MaxValue / columns)
        {
            return Invariant($"{rows} x {columns} elements overflow 64 bits");
        }

        long count = rows * columns;
        if (count > Array.MaxLength)
        {
            return Invariant($"{rows} x {columns} = {count} elements ({Bytes(count, elementSize, 1)}), more than one .NET array holds ({Array.MaxLength})");
        }

        long bytes = count * elementSize * copies;
        if (bytes > AvailableBytes)
        {
            return Invariant($"{rows} x {columns} = {count} elements {(copies == 1 ? "" : $"x {copies} arrays ")}need {Bytes(count, elementSize, copies)}, more than the {Gib(AvailableBytes)} of memory this machine has");
        }

        elements = (int)count;
        return null;
    }

    /// <summary>Why <paramref name="bytes"/> (a sum over several arrays) cannot be allocated, or null when it can.</summary>
    public static string? BytesProblem(long bytes) =>
        bytes < 0 || bytes > AvailableBytes ? Invariant($"{(bytes < 0 ? "more than 2^63" : bytes.ToString(CultureInfo.InvariantCulture))} bytes ({Gib(bytes)}), more than the {Gib(AvailableBytes)} of memory this machine has") : null;

    /// <summary>The element count of a rows × columns block, or an <see cref="ArgumentException"/> that names <paramref name="what"/> and the sizes.</summary>
    /// <exception cref="ArgumentException">The block does not fit one array or the machine's memory.</exception>
    public static int Count(long rows, long columns, string what, string parameterName, int elementSize = sizeof(float), int copies = 1) =>
        Problem(rows, columns, out int elements, elementSize, copies) is string problem
            ? throw new ArgumentException($"{what}: {problem}.", parameterName)
            : elements;

    /// <summary>The sum of <paramref name="a"/> and <paramref name="b"/>, or <see cref="long.MaxValue"/> when it overflows (so that a budget check refuses it).</summary>
    public static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    /// <summary>Bytes in words, such as <c>40000000000 bytes (37.3 GiB)</c>.</summary>
    public static string Bytes(long elements, int elementSize, int copies)
    {
        long bytes = elements > long.MaxValue / elementSize / copies ? -1 : elements * elementSize * copies;
        return bytes < 0 ? "more than 2^63 bytes" : Invariant($"{bytes} bytes, {Gib(bytes)}");
    }

    private static string Gib(long bytes) => bytes < 0 || bytes == long.MaxValue
        ? "unlimited"
        : (bytes / (1024.0 * 1024 * 1024)).ToString(bytes < 1L << 30 ? "0.###" : "0.#", CultureInfo.InvariantCulture) + " GiB";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
