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

    private static void Count(void* state, int part)
    {
        var tally = (Tally*)state;
        Interlocked.Increment(ref tally->Runs[part]);
    }

    private struct Tally
    {
        public int* Runs;
        public int Parts;
    }
}
