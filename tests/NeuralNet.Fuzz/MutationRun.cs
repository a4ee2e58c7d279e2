using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace NeuralNet.Fuzz;

/// <summary>A fuzz run without AFL++: a target's seeds mutated in process by a seeded <see cref="Mutator"/>, for a time or a number of executions, with a watchdog for hangs.</summary>
/// <remarks>Blind (no coverage feedback) but deterministic for a seed and an iteration count, so that CI can run it anywhere and a finding can be reproduced.</remarks>
internal sealed class MutationRun(FuzzTarget target, int seed, string? findingsFolder)
{
    /// <summary>One case longer than this is a hang: the input is saved and the process exits with code 3.</summary>
    public static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, int> _findings = new(StringComparer.Ordinal);
    private byte[] _current = [];
    private long _caseStarted = long.MaxValue;

    /// <summary>The most bytes one execution allocated, and the most per byte of its data (among inputs of 1 KiB or more, where the fixed allowance does not dominate).</summary>
    public (long Bytes, double PerByte) MostAllocated { get; private set; }

    /// <summary>Executions so far.</summary>
    public long Executions { get; private set; }

    /// <summary>Distinct findings (by exception type and the first frame in the library).</summary>
    public int Crashes => _findings.Count;

    /// <summary>Runs the seeds once, then mutations until <paramref name="duration"/> passes or <paramref name="iterations"/> have run.</summary>
    public void Run(TimeSpan? duration, long? iterations)
    {
        List<byte[]> corpus = [.. target.Seeds().Select(s => s.Bytes)];
        var mutator = new Mutator(seed);
        using var watchdog = new Timer(_ => CheckHang(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();
        foreach (byte[] input in corpus)
        {
            Execute(input);
        }

        while ((duration is null || clock.Elapsed < duration) && (iterations is null || Executions < iterations))
        {
            Execute(mutator.Next(corpus));
        }
    }

    private void Execute(byte[] input)
    {
        Volatile.Write(ref _current, input);
        Volatile.Write(ref _caseStarted, Stopwatch.GetTimestamp());
        Exception? finding = target.Try(input);
        Volatile.Write(ref _caseStarted, long.MaxValue);
        Executions++;
        (long allocated, long length) = target.LastAllocation;
        MostAllocated = (Math.Max(MostAllocated.Bytes, allocated), length >= 1024 ? Math.Max(MostAllocated.PerByte, (double)allocated / length) : MostAllocated.PerByte);
        if (finding is not null)
        {
            Record(input, finding);
        }
    }

    private void Record(byte[] input, Exception finding)
    {
        string frame = finding.StackTrace?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("at NeuralNet.", StringComparison.Ordinal) && !l.StartsWith("at NeuralNet.Fuzz.", StringComparison.Ordinal)) ?? "";
        string key = $"{finding.GetType().FullName} {frame}";
        if (_findings.TryGetValue(key, out int seen))
        {
            _findings[key] = seen + 1;
            return;
        }

        _findings[key] = 1;
        string? saved = Save(input, "crash");
        Console.Error.WriteLine($"{target.Name}: finding {_findings.Count} after {Executions} executions{(saved is null ? "" : $", saved as {saved}")}:");
        Console.Error.WriteLine(finding.ToString());
    }

    private void CheckHang()
    {
        long started = Volatile.Read(ref _caseStarted);
        if (started != long.MaxValue && Stopwatch.GetElapsedTime(started) > CaseLimit)
        {
            string? saved = Save(Volatile.Read(ref _current), "hang");
            Console.Error.WriteLine($"{target.Name}: one input has run for more than {CaseLimit.TotalSeconds} s{(saved is null ? "" : $"; saved as {saved}")}.");
            Console.WriteLine(Summary(hangs: 1));
            Environment.Exit(3);
        }
    }

    /// <summary>The run's summary line: target, executions, time, crashes and hangs.</summary>
    public string Summary(int hangs = 0) =>
        string.Create(CultureInfo.InvariantCulture, $"{target.Name}: {Executions} executions (seed {seed}), {Crashes} crashes, {hangs} hangs, at most {MostAllocated.Bytes} bytes allocated by one ({MostAllocated.PerByte:F1} per byte of inputs over 1 KiB)");

    private string? Save(byte[] input, string kind)
    {
        if (findingsFolder is null)
        {
            return null;
        }

        Directory.CreateDirectory(findingsFolder);
        string path = Path.Combine(findingsFolder, $"{target.Name}-{kind}-{Convert.ToHexString(SHA256.HashData(input))[..16].ToLowerInvariant()}.bin");
        File.WriteAllBytes(path, input);
        return path;
    }
}
