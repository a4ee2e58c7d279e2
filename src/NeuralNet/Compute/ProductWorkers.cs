using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace NeuralNet.Compute;

/// <summary>A few helper threads that take slices of a matrix product, so one product uses several cores.</summary>
/// <remarks>
/// <para>Why not <c>Parallel.For</c> or the BLAS's own threads: the products of a training step take 10–500 µs, and
/// both of those cost a sizeable share of that to start (and <c>Parallel.For</c> allocates). Measured here,
/// OpenBLAS's own two threads made a 128×784×64 product slower, while two single-threaded calls on halves
/// ran 1.2–1.9× faster than one.</para>
/// <para>Parts are claimed, not assigned: the caller and every awake helper take the next unclaimed part until none
/// is left. A helper that the operating system has not scheduled (a busy machine) therefore never delays a product:
/// the caller computes its part too. A helper spins for a short while after each product (the products of one step
/// come back to back), then sleeps on an event, so an idle library burns no core.</para>
/// <para>Only one caller at a time gets the helpers: a second thread that multiplies meanwhile (concurrent
/// predictions) gets false and computes the same parts itself, in turn. Nothing here allocates after the helpers are started.</para>
/// </remarks>
internal sealed unsafe partial class ProductWorkers
{
    // Long enough to bridge the gap between two products of a step: about 50 µs on the Xeon this was tuned on, 1.1 ms
    // on an AMD EPYC (measured: Thread.SpinWait's pause takes longer there), either way far shorter than an idle pause.
    private const int SpinIterations = 2000;

    // How long the caller spins for the helpers' parts before it waits with yields: 50 µs.
    private static readonly long WaitBeforeYielding = Stopwatch.Frequency / 20_000;

    // The part index of a closed ticket: more than any product's parts.
    private const long Closed = int.MaxValue;

    private readonly Helper[] _helpers;
    private int _busy;

    // The generation in the high 32 bits and the next unclaimed part in the low 32: one compare-and-swap both checks
    // that a claim belongs to the current product and takes it.
    private long _ticket;
    private int _completed;
    private delegate*<void*, int, void> _job;
    private void* _state;
    private int _parts;
    private Exception? _error;

    /// <summary>Starts <paramref name="helpers"/> background threads.</summary>
    public ProductWorkers(int helpers)
    {
        _helpers = new Helper[helpers];
        for (int i = 0; i < helpers; i++)
        {
            _helpers[i] = new Helper(this, i + 1);
        }
    }

    /// <summary>The number of helper threads (the caller is one more).</summary>
    public int Helpers => _helpers.Length;

    /// <summary>Runs <c>job(state, p)</c> for every part p in [0, parts): on the caller and <paramref name="workers"/>' helpers when there are any and no other caller holds them, else on the caller, one part after another.</summary>
    /// <remarks>The parts are the same either way, so a result cut into them comes out bit for bit alike whoever computes
    /// them (another thread holding the helpers is, for one, a concurrent prediction).</remarks>
    /// <exception cref="InvalidOperationException">A part failed on a helper thread (the inner exception says why).</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ProductWorkers? workers, delegate*<void*, int, void> job, void* state, int parts)
    {
        if (parts > 1 && workers is not null && workers.TryRun(job, state, parts))
        {
            return;
        }

        for (int part = 0; part < parts; part++)
        {
            job(state, part);
        }
    }

    /// <summary>Runs <c>job(state, p)</c> for every part p in [0, parts) on the caller and the helpers; returns false (running nothing) when another caller holds the helpers.</summary>
    /// <param name="job">A static function: it receives <paramref name="state"/> and the part index.</param>
    /// <param name="state">A pointer to the caller's (pinned or stack) description of the work; read until this method returns.</param>
    /// <param name="parts">How many parts.</param>
    /// <exception cref="InvalidOperationException">A part failed on a helper thread (the inner exception says why).</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryRun(delegate*<void*, int, void> job, void* state, int parts)
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            return false;
        }

        try
        {
            // Close the last product's ticket before its fields change. A helper that finished its part of it may still
            // be looking for another: with the ticket at its last part it could read the new part count (larger, say 8
            // after 2), claim a part of this product before it is published, run it with a mix of both products' fields
            // and count it, so that this call returned with a part still running. A closed ticket has no part to claim,
            // and a claim against the old one fails.
            long generation = (Volatile.Read(ref _ticket) >> 32) + 1;
            Interlocked.Exchange(ref _ticket, ((generation - 1) << 32) | Closed);
            _job = job;
            _state = state;
            _parts = parts;
            _completed = 0;

            // Publishing the ticket (a full fence) makes the fields above visible to any helper that claims a part.
            Interlocked.Exchange(ref _ticket, generation << 32);
            for (int i = 0; i < Math.Min(_helpers.Length, parts - 1); i++)
            {
                _helpers[i].Wake();
            }

            Work(generation << 32);

            // A helper still on its part: copy the posted batch meanwhile rather than spin (a part is a microsecond or two).
            while (Volatile.Read(ref _completed) < parts && RunBackgroundPart())
            {
            }

            WaitUntilCompleted(ref _completed, parts);

            if (_error is { } error)
            {
                _error = null;
                throw new InvalidOperationException("A matrix-product helper thread failed.", error);
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }

        return true;
    }

    /// <summary>Waits until <paramref name="completed"/> reaches <paramref name="parts"/>: the helpers' parts of a product or of background work.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WaitUntilCompleted(ref int completed, int parts)
    {
        var spinner = default(SpinWait);
        long yieldAfter = Stopwatch.GetTimestamp() + WaitBeforeYielding;
        while (Volatile.Read(ref completed) < parts)
        {
            // A helper's part ends within microseconds of the caller's: spin for it, without giving the core away.
            // SpinWait's own schedule yields after about ten rounds, and on a loaded machine a yield hands the
            // core to another process for a whole time slice (single-sample predictions took 50 µs instead of 4).
            // Only a helper that is still out after 50 µs (descheduled) is waited for with yields; never Sleep(1).
            if (Stopwatch.GetTimestamp() < yieldAfter)
            {
                Thread.SpinWait(8);
            }
            else
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }
    }

    /// <summary>Claims and runs parts of the product of <paramref name="ticket"/>'s generation until none is left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Work(long ticket)
    {
        long generation = ticket >> 32;
        while (true)
        {
            long current = Volatile.Read(ref _ticket);
            if (current >> 32 != generation)
            {
                return;
            }

            // Read before claiming: a successful claim proves these still belong to this generation, since the caller
            // replaces them only after every part of it was claimed and completed.
            delegate*<void*, int, void> job = _job;
            void* state = _state;
            int part = (int)(current & 0xFFFF_FFFF);
            if (part >= _parts)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _ticket, current + 1, current) != current)
            {
                continue;
            }

            try
            {
                job(state, part);
            }
#pragma warning disable CA1031 // the caller rethrows it: a helper thread must not die with the process's products
            catch (Exception e)
#pragma warning restore CA1031
            {
                _error = e;
            }

            Interlocked.Increment(ref _completed);
        }
    }

    private sealed class Helper
    {
        private readonly ProductWorkers _owner;
        private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
        private volatile int _sleeping;

        public Helper(ProductWorkers owner, int index)
        {
            _owner = owner;
            var thread = new Thread(Loop)
            {
                IsBackground = true,
                Name = $"NeuralNet product helper {index}",
            };
            thread.Start();
        }

        public void Wake()
        {
            if (_sleeping != 0)
            {
                _wake.Set();
            }
        }

        private void Loop()
        {
            long seen = 0;
            while (true)
            {
                int spins = 0;
                long ticket;
                while (((ticket = Volatile.Read(ref _owner._ticket)) >> 32) == seen >> 32)
                {
                    if (++spins < SpinIterations)
                    {
                        if (_owner.RunBackgroundPart())
                        {
                            spins = 0;
                        }
                        else
                        {
                            Thread.SpinWait(20);
                        }

                        continue;
                    }

                    // The full fence of the exchange pairs with the one in TryRun: either the caller sees this helper
                    // asleep and sets the event, or this helper sees the new ticket and does not wait.
                    _wake.Reset();
                    Interlocked.Exchange(ref _sleeping, 1);
                    if ((Volatile.Read(ref _owner._ticket) >> 32) == seen >> 32)
                    {
                        _wake.Wait();
                    }

                    _sleeping = 0;
                    spins = 0;
                }

                seen = ticket;
                _owner.Work(ticket);
            }
        }
    }
}
