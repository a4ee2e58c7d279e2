using System.Diagnostics;
using System.Globalization;
using NeuralNet.Compute;
using NeuralNet.Optimizers;

namespace NeuralNet.Benchmarks;

/// <summary>The training step of both compare networks on the managed kernel against the BLAS path, in alternating rounds of one process: <c>--train-ratio [rounds]</c>.</summary>
/// <remarks>
/// The step is forward, backward (fused softmax + cross-entropy) and the optimizer, on a synthetic MNIST-shaped batch:
/// 784-128-10 at batch 64 with SGD and 784-256-256-10 at batch 128 with Adam, the networks of benchmarks/compare. Each
/// round times a block of steps on each backend in turn; the ratio is the median of the rounds' managed / BLAS samples
/// per second. The first rounds warm up and are not counted. On a machine shared with other work the rounds scatter
/// widely; the best round of each backend (the one least disturbed) is printed too, with the ratio of the two bests.
/// </remarks>
internal static class TrainRatio
{
    private const int WarmUpRounds = 3;

    public static void Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        if (ComputeBackend.TryLoadNative() is null)
        {
            Console.WriteLine("No native BLAS here: nothing to compare the managed kernel with.");
            return;
        }

        Console.WriteLine($"{Environment.ProcessorCount} cores, {ManagedKernelMultiplier.VectorBits}-bit vectors; {rounds} rounds");
        Backends.Select("native");
        Console.WriteLine($"{"network",-16} {"batch",5} {"optimizer",-9} {"BLAS samples/s",15} {"managed samples/s",18}  managed/BLAS: median [min, max]   best rounds: BLAS, managed, ratio");
        Measure("784-128-10", 64, "sgd", rounds);
        Measure("784-256-256-10", 128, "adam", rounds);
    }

    private static void Measure(string architecture, int batchSize, string optimizerName, int rounds)
    {
        string[] backends = ["native", "managed"];
        Workload[] work = [new(architecture, batchSize), new(architecture, batchSize)];
        Optimizer[] optimizers = [Workload.CreateOptimizer(optimizerName), Workload.CreateOptimizer(optimizerName)];
        int perRound = Math.Max(10, 1_000_000 / (batchSize * 784 * Backends.Sizes(architecture)[1] / 64));
        var rates = new[] { new List<double>(), new List<double>() };
        var ratios = new List<double>();
        for (int round = 0; round < WarmUpRounds + rounds; round++)
        {
            var rate = new double[2];
            for (int b = 0; b < 2; b++)
            {
                Backends.Select(backends[b], quiet: true);
                Network network = work[b].Network;
                long started = Stopwatch.GetTimestamp();
                for (int i = 0; i < perRound; i++)
                {
                    network.Forward(work[b].Inputs);
                    network.Backward(work[b].Loss, work[b].Targets);
                    optimizers[b].Step(network.Parameters);
                }

                rate[b] = perRound * batchSize / Stopwatch.GetElapsedTime(started).TotalSeconds;
            }

            if (round >= WarmUpRounds)
            {
                rates[0].Add(rate[0]);
                rates[1].Add(rate[1]);
                ratios.Add(rate[1] / rate[0]);
            }
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{architecture,-16} {batchSize,5} {optimizerName,-9} {ProductRatio.Median(rates[0]),15:N0} {ProductRatio.Median(rates[1]),18:N0}  {ProductRatio.Median(ratios),6:F2} [{ratios.Min():F2}, {ratios.Max():F2}]   {rates[0].Max():N0}, {rates[1].Max():N0}, {rates[1].Max() / rates[0].Max():F2}"));
    }
}
