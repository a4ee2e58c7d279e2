namespace NeuralNet.Compute;

/// <summary>A few helper threads that each take one slice of a matrix product, so one product uses several cores.</summary>
/// <remarks>
/// <para>Why not <c>Parallel.For</c> or the BLAS's own threads: the products of a training step take 10–500 µs, and
/// both of those cost a sizeable share of that to start (and <c>Parallel.For</c> allocates). Measured here,
/// OpenBLAS's own two threads made a 128×784×64 product slower, while two single-threaded calls on halves
/// ran 1.2–1.9× faster than one.</para>
/// <para>A helper spins for a short while after each slice (products of one step come back to back), then sleeps
/// on an event, so an idle library burns no core. Only one caller at a time gets the helpers: a second thread
/// that multiplies meanwhile (concurrent predictions) simply computes its whole product itself.</para>
/// <para>Nothing here allocates after the helpers are started.</para>
/// </remarks>
internal sealed unsafe class ProductWorkers
{
    // About 50 µs of spinning at a few ns per SpinWait(10): long enough to bridge the gap between two products of a step.
    private const int SpinIterations = 4000;

    private readonly Worker[] _workers;
    private int _busy;

    /// <summary>Starts <paramref name="helpers"/> background threads.</summary>
    public ProductWorkers(int helpers)
    {
        _workers = new Worker[helpers];
        for (int i = 0; i < helpers; i++)
        {
            _workers[i] = new Worker(i + 1);
        }
    }

    /// <summary>The number of helper threads (the caller is one more).</summary>
    public int Helpers => _workers.Length;

    /// <summary>Runs <c>job(state, 0..parts-1)</c> with part 0 on the caller and the others on helpers; returns false (running nothing) when another caller holds the helpers.</summary>
    /// <param name="job">A static function: it receives <paramref name="state"/> and the part index.</param>
    /// <param name="state">A pointer to the caller's (pinned or stack) description of the work.</param>
    /// <param name="parts">How many parts, at most <see cref="Helpers"/> + 1.</param>
    public bool TryRun(delegate*<void*, int, void> job, void* state, int parts)
    {
        if (parts - 1 > _workers.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(parts), parts, $"At most {_workers.Length + 1} parts can run at once.");
        }

        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            return false;
        }

        try
        {
            for (int i = 1; i < parts; i++)
            {
                _workers[i - 1].Post(job, state, i);
            }

            job(state, 0);
            for (int i = 1; i < parts; i++)
            {
                _workers[i - 1].Wait();
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }

        return true;
    }

    private sealed class Worker
    {
        private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
        private delegate*<void*, int, void> _job;
        private void* _state;
        private int _part;
        private volatile int _pending;
        private volatile int _sleeping;
        private Exception? _error;

        public Worker(int index)
        {
            var thread = new Thread(Loop)
            {
                IsBackground = true,
                Name = $"NeuralNet product helper {index}",
            };
            thread.Start();
        }

        public void Post(delegate*<void*, int, void> job, void* state, int part)
        {
            _job = job;
            _state = state;
            _part = part;

            // Full fences on both sides (here and before the helper's last look at _pending): a plain store then load
            // may pass each other on x86, and both sides would then miss each other and the helper would sleep forever.
            Interlocked.Exchange(ref _pending, 1);
            if (_sleeping != 0)
            {
                _wake.Set();
            }
        }

        public void Wait()
        {
            var spinner = default(SpinWait);
            while (_pending != 0)
            {
                // Never Sleep(1): a millisecond is longer than most products.
                spinner.SpinOnce(sleep1Threshold: -1);
            }

            if (_error is { } error)
            {
                _error = null;
                throw new InvalidOperationException("A matrix-product helper thread failed.", error);
            }
        }

        private void Loop()
        {
            while (true)
            {
                int spins = 0;
                while (_pending == 0)
                {
                    if (++spins < SpinIterations)
                    {
                        Thread.SpinWait(10);
                        continue;
                    }

                    _wake.Reset();
                    Interlocked.Exchange(ref _sleeping, 1);
                    if (_pending == 0)
                    {
                        _wake.Wait();
                    }

                    _sleeping = 0;
                    spins = 0;
                }

                try
                {
                    _job(_state, _part);
                }
                catch (Exception e)
                {
                    _error = e;
                }

                _pending = 0;
            }
        }
    }
}
