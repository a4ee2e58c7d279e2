using System.IO.Compression;

namespace NeuralNet.Fuzz;

/// <summary>One file reader under fuzzing: the valid files it starts from, how one input is read, and what the reader promises.</summary>
/// <remarks>
/// <para>An input passes when the reader returns what the target's oracle expects (a reference decoder, or a save that
/// loads back to the same file) or throws the exception it documents for bad files, while allocating at most
/// <see cref="AllocationFactor"/> times the input's data plus <see cref="AllocationAllowance"/>. Anything else is a
/// <see cref="FuzzFindingException"/> or escapes as the reader threw it: that is what AFL++ records as a crash.</para>
/// <para>Time is bounded outside: by afl-fuzz's <c>-t</c> under AFL++, by <see cref="MutationRun"/>'s watchdog in process.</para>
/// </remarks>
internal abstract class FuzzTarget
{
    /// <summary>How many bytes one input's run (every read the target makes of it, and its oracle) may allocate per byte of data (the decompressed content for gzip).</summary>
    /// <remarks>Float32 values take 4 bytes per stored byte; the CSV target reads each input three times and the model and checkpoint targets load, save and load again, which stays well within 32.</remarks>
    public const long AllocationFactor = 32;

    /// <summary>Bytes any read may allocate whatever its size: pooled buffers, messages, the first call's static state.</summary>
    public const long AllocationAllowance = 4 << 20;

    // Decompressed content past this is not measured: the bound is then checked against this much.
    private const long MaxMeasuredContent = 256L << 20;

    /// <summary>The name on the command line, such as <c>idx-images</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The entry points exercised, for the help text.</summary>
    public abstract string Reads { get; }

    /// <summary>Small valid files written by the library, with a file name each: the seed corpus.</summary>
    public abstract IEnumerable<(string Name, byte[] Bytes)> Seeds();

    /// <summary>The bytes the last <see cref="Run"/> allocated, and the data length they were bounded by.</summary>
    public (long Allocated, long DataLength) LastAllocation { get; private set; }

    /// <summary>Reads one input and checks the reader's promises.</summary>
    /// <exception cref="FuzzFindingException">The reader broke a promise other than by throwing: a wrong result or an unbounded allocation.</exception>
    public void Run(byte[] input)
    {
        byte[] prepared = Prepare(input);
        long before = GC.GetTotalAllocatedBytes(precise: false);
        try
        {
            Read(prepared);
        }
        catch (Exception ex) when (IsDocumented(ex))
        {
            // The reader refused the input the way it documents.
        }

        long allocated = GC.GetTotalAllocatedBytes(precise: false) - before;
        long dataLength = DataLength(prepared);
        LastAllocation = (allocated, dataLength);
        long bound = (AllocationFactor * dataLength) + AllocationAllowance;
        if (allocated > bound)
        {
            throw new FuzzFindingException($"{Name}: reading {prepared.Length} bytes allocated {allocated} bytes, more than the bound of {bound}.");
        }
    }

    /// <summary>Runs <see cref="Run"/> and says how it went: null when the reader kept its promises, else the exception.</summary>
    public Exception? Try(byte[] input)
    {
        try
        {
            Run(input);
            return null;
        }
#pragma warning disable CA1031 // every exception is a finding to report, whatever its type
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex;
        }
    }

    /// <summary>Turns the fuzzer's bytes into the file handed to the reader; the container formats re-seal them here.</summary>
    protected virtual byte[] Prepare(byte[] input) => input;

    /// <summary>Reads <paramref name="file"/> with the reader and checks the result against the target's oracle.</summary>
    /// <exception cref="FuzzFindingException">The result is not what the oracle expects.</exception>
    protected abstract void Read(byte[] file);

    /// <summary>Whether <paramref name="exception"/> is the one the reader documents for bad content.</summary>
    protected abstract bool IsDocumented(Exception exception);

    /// <summary>Throws a finding unless <paramref name="condition"/> holds.</summary>
    protected void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new FuzzFindingException($"{Name}: {what}");
        }
    }

    // The bytes of content a reader may legitimately hold in memory: the decompressed length for gzip, measured here.
    private static long DataLength(byte[] file)
    {
        if (file.Length < 2 || file[0] != 0x1F || file[1] != 0x8B)
        {
            return file.Length;
        }

        long length = 0;
        byte[] buffer = new byte[81920];
        try
        {
            using var gzip = new GZipStream(new MemoryStream(file), CompressionMode.Decompress);
            int read;
            while (length < MaxMeasuredContent && (read = gzip.Read(buffer)) > 0)
            {
                length += read;
            }
        }
        catch (InvalidDataException)
        {
            // A damaged stream holds what was decompressed before the damage.
        }

        return Math.Max(length, file.Length);
    }
}
