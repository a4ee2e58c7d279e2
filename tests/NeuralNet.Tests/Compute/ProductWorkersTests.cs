using System.Diagnostics;
using NeuralNet.Compute;

namespace NeuralNet.Tests.Compute;

public sealed unsafe class ProductWorkersTests
{
    [Fact]
    public void TryRun_PartCountsChangingFromCallToCall_RunsEveryPartOnceAndNoneAfterItReturns()
    {
        // A convolution's 8 sample parts follow a product's 2 halves. A helper still looking for work in the 2-part call
        // must not claim a part of the 8-part call before it is published (it would run with a mix of the two calls'
        // fields, once more than asked, and let the caller return while a part still runs).
        var workers = new ProductWorkers(1);
        int[] runs = new int[SampleParallel.MaximumParts];
        int wrong = 0;
        fixed (int* counts = runs)
        {
            for (int call = 0; call < 300_000; call++)
            {
                var state = new Tally { Runs = counts, Parts = call % 2 == 0 ? 2 : SampleParallel.MaximumParts };
                workers.TryRun(&Count, &state, state.Parts).Should().BeTrue();
                for (int part = 0; part < runs.Length; part++)
                {
                    int expected = part < state.Parts ? 1 : 0;
                    if (Volatile.Read(ref runs[part]) != expected)
                    {
                        wrong++;
                    }

                    runs[part] = 0;
                }
            }
        }

        wrong.Should().Be(0, "each part of each call runs exactly once, and within the call");
    }

    [Fact]
    public void TryPost_BetweenProducts_RunsEveryPartOnceOnTheHelperOrInFinish()
    {
        var workers = new ProductWorkers(1);
        var work = new CountingParts(16);
        int wrong = 0;
        int[] runs = new int[2];
        for (int post = 0; post < 20_000; post++)
        {
            workers.TryPost(work, 16).Should().BeTrue();
            fixed (int* counts = runs)
            {
                // A product meanwhile: the helper takes its part, and background parts while it waits.
                var state = new Tally { Runs = counts, Parts = 2 };
                workers.TryRun(&Count, &state, 2).Should().BeTrue();
            }

            workers.Finish();
            wrong += work.Runs.Count(r => r != 1);
            Array.Clear(work.Runs);
            runs.Should().Equal(1, 1);
            Array.Clear(runs);
        }

        wrong.Should().Be(0, "each part of each post runs exactly once, and before Finish returns");
        work.OnHelper.Should().BeGreaterThan(0, "a spinning helper takes posted parts");
    }

    [Fact]
    public void TryRun_HelperStillOnItsPart_CallerTakesPostedPartsMeanwhile()
    {
        // The caller done with its part of a product runs posted parts while the helper finishes its own, instead of
        // spinning. The helper's part here ends only once the caller has run a posted part (or after 5 s); a helper
        // that the machine did not schedule in time leaves both parts to the caller, so the test tries again.
        var workers = new ProductWorkers(1);
        int[] cells = new int[3]; // posted parts run on the caller, product parts taken by the helper, helper waits that timed out
        fixed (int* counters = cells)
        {
            var work = new CallerCountingParts(counters);
            for (int attempt = 0; attempt < 1000 && cells[1] == 0; attempt++)
            {
                // Nothing between the post and the product: an assertion's first call compiles for longer than a
                // spinning helper takes to run every posted part.
                cells[0] = 0; // Finish ran the last attempt's leftovers on the caller
                var signals = new Signals { Caller = Environment.CurrentManagedThreadId, Counters = counters };
                bool posted = workers.TryPost(work, 256);
                bool ran = workers.TryRun(&WaitForCaller, &signals, 2);
                workers.Finish();
                posted.Should().BeTrue();
                ran.Should().BeTrue();
            }
        }

        cells[1].Should().BeGreaterThan(0, "the helper took a part of a product at least once");
        cells[2].Should().Be(0, "while the helper was on its part, the caller ran posted parts");
    }

    [Fact]
    public void TryPost_WhileAnotherIsPosted_IsRefusedUntilItIsFinished()
    {
        var workers = new ProductWorkers(1);
        var first = new CountingParts(4);
        var second = new CountingParts(4);

        workers.TryPost(first, 4).Should().BeTrue();
        workers.TryPost(second, 4).Should().BeFalse();
        workers.Finish();
        workers.TryPost(second, 4).Should().BeTrue();
        workers.Finish();

        first.Runs.Should().Equal(1, 1, 1, 1);
        second.Runs.Should().Equal(1, 1, 1, 1);
    }

    [Fact]
    public void Finish_APartThrew_RethrowsItAndFreesTheChannel()
    {
        var workers = new ProductWorkers(1);
        workers.TryPost(new FailingPart(), 3).Should().BeTrue();

        Action finish = workers.Finish;

        finish.Should().Throw<InvalidOperationException>().WithInnerException<ArithmeticException>().WithMessage("part 1");
        workers.TryPost(new CountingParts(1), 1).Should().BeTrue("the failure does not keep the channel");
        workers.Finish();
    }

    private static void Count(void* state, int part)
    {
        var tally = (Tally*)state;
        Interlocked.Increment(ref tally->Runs[part]);
    }

    private sealed class CountingParts(int parts) : IBackgroundParts
    {
        private readonly int _caller = Environment.CurrentManagedThreadId;
        private int _onHelper;

        public int[] Runs { get; } = new int[parts];

        public int OnHelper => Volatile.Read(ref _onHelper);

        public void RunPart(int part)
        {
            Interlocked.Increment(ref Runs[part]);
            if (Environment.CurrentManagedThreadId != _caller)
            {
                Interlocked.Increment(ref _onHelper);
            }
        }
    }

    // A product part: on the helper, it waits until the caller has run a posted part (counted in Counters[0]); on the caller, until the helper has taken the other part.
    private static void WaitForCaller(void* state, int part)
    {
        var signals = (Signals*)state;
        long deadline = Stopwatch.GetTimestamp() + (5 * Stopwatch.Frequency);
        if (Environment.CurrentManagedThreadId == signals->Caller)
        {
            // Give the helper, which may be on a posted part, a millisecond to take the other part.
            long until = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 1000);
            while (Volatile.Read(ref signals->Counters[1]) == 0 && Stopwatch.GetTimestamp() < until)
            {
                Thread.SpinWait(8);
            }

            return;
        }

        Interlocked.Increment(ref signals->Counters[1]);
        while (Volatile.Read(ref signals->Counters[0]) == 0)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                Interlocked.Increment(ref signals->Counters[2]);
                return;
            }

            Thread.SpinWait(8);
        }
    }

    // Posted parts that count those run on the creating thread; on another thread each takes 20 µs, so that a helper
    // spinning before the product cannot take them all.
    private sealed class CallerCountingParts(int* counters) : IBackgroundParts
    {
        private readonly int _caller = Environment.CurrentManagedThreadId;

        public void RunPart(int part)
        {
            if (Environment.CurrentManagedThreadId == _caller)
            {
                Interlocked.Increment(ref counters[0]);
                return;
            }

            long until = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 50_000);
            while (Stopwatch.GetTimestamp() < until)
            {
                Thread.SpinWait(4);
            }
        }
    }

    private struct Signals
    {
        public int Caller;
        public int* Counters;
    }

    private sealed class FailingPart : IBackgroundParts
    {
        public void RunPart(int part)
        {
            if (part == 1)
            {
                throw new ArithmeticException("part 1");
            }
        }
    }

    private struct Tally
    {
        public int* Runs;
        public int Parts;
    }
}
