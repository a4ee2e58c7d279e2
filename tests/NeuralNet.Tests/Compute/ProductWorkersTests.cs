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
