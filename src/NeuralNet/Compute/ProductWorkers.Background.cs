using System.Runtime.CompilerServices;

namespace NeuralNet.Compute;

/// <summary>Work in parts that the product helpers take on while they wait for products.</summary>
internal interface IBackgroundParts
{
    /// <summary>Runs part <paramref name="part"/>; parts may run in any order, on any thread, at the same time.</summary>
    void RunPart(int part);
}

/// <summary>Background work for the helpers: posted by one caller, taken part by part between products, finished by the caller.</summary>
/// <remarks>
/// <para>During a training step the helpers wait a good share of the time: the small products, the softmax and the
/// loss run on the caller alone. A trainer posts the next batch's gather here, a few samples a part, and the helpers copy
/// it while they would only spin. A helper checks for a product between parts, so a product waits for at most one
/// part (a few samples' copy, a microsecond or two). The caller of a product takes parts too, when it is done with its
/// own part of the product before a helper is, for the same at most one part's delay.</para>
/// <para>Parts are claimed with the product's scheme: a ticket of a generation and the next part, one
/// compare-and-swap per claim. <see cref="Finish"/> runs whatever is left on the caller, waits for the claimed parts
/// and closes the ticket before the next post changes the fields.</para>
/// </remarks>
internal sealed partial class ProductWorkers
{
    private IBackgroundParts? _background;
    private int _backgroundParts;
    private int _backgroundCompleted;
    private long _backgroundTicket = Closed;
    private int _backgroundOwned;
    private Exception? _backgroundError;

    /// <summary>Posts <paramref name="work"/> of <paramref name="parts"/> parts for the helpers; false (posting nothing) when another caller's work is posted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryPost(IBackgroundParts work, int parts)
    {
        if (Interlocked.CompareExchange(ref _backgroundOwned, 1, 0) != 0)
        {
            return false;
        }

        // The ticket is closed (by the last Finish, or from the start), so no helper claims against these fields yet.
        long generation = (Volatile.Read(ref _backgroundTicket) >> 32) + 1;
        _background = work;
        _backgroundParts = parts;
        _backgroundCompleted = 0;
        Interlocked.Exchange(ref _backgroundTicket, generation << 32);
        return true;
    }

    /// <summary>Runs the posted work's unclaimed parts on the caller, waits for the helpers' and frees the channel.</summary>
    /// <exception cref="InvalidOperationException">A part failed (the inner exception says why).</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Finish()
    {
        while (RunBackgroundPart())
        {
        }

        WaitUntilCompleted(ref _backgroundCompleted, _backgroundParts);

        long generation = Volatile.Read(ref _backgroundTicket) >> 32;
        Interlocked.Exchange(ref _backgroundTicket, (generation << 32) | Closed);
        _background = null;
        Exception? error = _backgroundError;
        _backgroundError = null;
        Volatile.Write(ref _backgroundOwned, 0);
        if (error is not null)
        {
            throw new InvalidOperationException("A background part on a helper thread failed.", error);
        }
    }

    /// <summary>Claims and runs one part of the posted work; false when none is left (or none is posted).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool RunBackgroundPart()
    {
        while (true)
        {
            long current = Volatile.Read(ref _backgroundTicket);
            int part = (int)(current & 0xFFFF_FFFF);

            // Read before claiming, as in Work: a successful claim proves they belong to the ticket's generation.
            IBackgroundParts? work = _background;
            if (work is null || part >= _backgroundParts)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _backgroundTicket, current + 1, current) != current)
            {
                continue;
            }

            try
            {
                work.RunPart(part);
            }
#pragma warning disable CA1031 // Finish rethrows it on the caller
            catch (Exception e)
#pragma warning restore CA1031
            {
                _backgroundError = e;
            }

            Interlocked.Increment(ref _backgroundCompleted);
            return true;
        }
    }
}
