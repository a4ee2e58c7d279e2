using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace NeuralNet.Compute;

/// <summary>Copies chosen columns of a column-major matrix into consecutive columns of another: the gather of a mini-batch.</summary>
/// <remarks>
/// <para>A shuffled MNIST batch is 64 columns of 3 KB from random places in 188 MB: the copy waits on memory, not on
/// arithmetic. Two things pay, measured on 2 cores for 64 columns of the shuffled training set: prefetching the next
/// column while copying one (84 → 63 µs), and copying the two halves of the batch on two cores (→ 30–34 µs, with the
/// prefetch). The halves go to the matrix products' helper threads (<see cref="ProductWorkers"/>) when they are free.</para>
/// <para>A source of bytes (pixels, see <see cref="CopyBytes"/>) moves a quarter of the memory: 13 lines a column
/// instead of 49. Its columns are too short for the hardware to run ahead within them, so the gather asks for the
/// column after next (64 shuffled MNIST columns on one core: 28 µs as floats, 17 µs as bytes, 9.5–10 µs as bytes
/// with that prefetch).</para>
/// <para>The copy is exact whoever does it, so the result does not depend on the split.</para>
/// </remarks>
internal static unsafe class ColumnGather
{
    // Below 16 K floats (64 KB) waking a helper costs about what it saves.
    private const int MinimumFloatsPerPart = 16 * 1024;

    // Floats per 64-byte cache line.
    private const int LineFloats = 16;

    private const int LineBytes = 64;

    // How far ahead the byte gather asks for columns: 1 and 2 measured alike, 8 slower, 64 slower still.
    private const int BytePrefetchColumns = 2;

    /// <summary>Copies column <c>columns[j]</c> of <paramref name="source"/> (<paramref name="rows"/> tall) to column j of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column index is outside the source.</exception>
    /// <exception cref="ArgumentException">The destination is not rows × columns.Length.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Copy(ReadOnlySpan<float> source, int rows, ReadOnlySpan<int> columns, Span<float> destination, bool split = true)
    {
        if (Check(source.Length, rows, columns, destination))
        {
            fixed (float* from = source, to = destination)
            fixed (int* indices = columns)
            {
                Run(new Job { Source = from, Rows = rows, Columns = indices, Count = columns.Length, Destination = to }, split);
            }
        }
    }

    /// <summary>Writes <c>source[i]·scale + shift</c> for the values of column <c>columns[j]</c> of <paramref name="source"/> (bytes, <paramref name="rows"/> tall) to column j of <paramref name="destination"/>, rounded as <see cref="ByteConversion.ToSingle"/> rounds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column index is outside the source.</exception>
    /// <exception cref="ArgumentException">The destination is not rows × columns.Length.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CopyBytes(ReadOnlySpan<byte> source, int rows, ReadOnlySpan<int> columns, Span<float> destination, float scale, float shift, bool split = true)
    {
        if (Check(source.Length, rows, columns, destination))
        {
            fixed (byte* from = source)
            fixed (float* to = destination)
            fixed (int* indices = columns)
            {
                Run(new Job { Bytes = from, Scale = scale, Shift = shift, Rows = rows, Columns = indices, Count = columns.Length, Destination = to }, split);
            }
        }
    }

    // Whether there is anything to copy, after checking the indices and the destination's size.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Check(int sourceLength, int rows, ReadOnlySpan<int> columns, Span<float> destination)
    {
        int sourceColumns = rows == 0 ? 0 : sourceLength / rows;
        for (int j = 0; j < columns.Length; j++)
        {
            if ((uint)columns[j] >= (uint)sourceColumns)
            {
                throw IndexOutside(columns[j], j, sourceColumns);
            }
        }

        if (destination.Length != (long)rows * columns.Length)
        {
            throw WrongDestination(destination.Length, columns.Length, rows);
        }

        return !columns.IsEmpty && rows != 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentOutOfRangeException IndexOutside(int index, int position, int sourceColumns) =>
        new("columns", index, $"Sample index {index} (batch position {position}) is outside the {sourceColumns} samples.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException WrongDestination(int length, int columns, int rows) =>
        new($"The batch holds {length} values but {columns} columns of {rows} need {(long)rows * columns}.", "destination");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run(Job job, bool split)
    {
        job.Parts = split && (long)job.Rows * job.Count >= 2 * MinimumFloatsPerPart && job.Count >= 2 ? 2 : 1;
        ProductWorkers.Run(ComputeBackend.Workers, &RunPart, &job, job.Parts);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunPart(void* state, int part)
    {
        Job* job = (Job*)state;
        int start = (int)((long)job->Count * part / job->Parts);
        int end = (int)((long)job->Count * (part + 1) / job->Parts);
        int rows = job->Rows;
        if (job->Bytes is not null)
        {
            RunBytes(job, start, end);
            return;
        }

        for (int j = start; j < end; j++)
        {
            if (Sse.IsSupported && j + 1 < end)
            {
                // Ask for the next column's lines now: they arrive while this one is copied.
                float* next = job->Source + ((long)job->Columns[j + 1] * rows);
                for (int offset = 0; offset < rows; offset += LineFloats)
                {
                    Sse.Prefetch0(next + offset);
                }
            }

            new ReadOnlySpan<float>(job->Source + ((long)job->Columns[j] * rows), rows)
                .CopyTo(new Span<float>(job->Destination + ((long)j * rows), rows));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunBytes(Job* job, int start, int end)
    {
        int rows = job->Rows;
        for (int j = start; j < end; j++)
        {
            if (Sse.IsSupported && j + BytePrefetchColumns < end)
            {
                byte* next = job->Bytes + ((long)job->Columns[j + BytePrefetchColumns] * rows);
                for (int offset = 0; offset < rows; offset += LineBytes)
                {
                    Sse.Prefetch0(next + offset);
                }

                // The last line, when the column does not start on a line's boundary.
                Sse.Prefetch0(next + rows - 1);
            }

            ByteConversion.ToSingle(
                new ReadOnlySpan<byte>(job->Bytes + ((long)job->Columns[j] * rows), rows),
                new Span<float>(job->Destination + ((long)j * rows), rows),
                job->Scale,
                job->Shift);
        }
    }

    private struct Job
    {
        public float* Source;
        public byte* Bytes;
        public float Scale;
        public float Shift;
        public int Rows;
        public int* Columns;
        public int Count;
        public float* Destination;
        public int Parts;
    }
}
