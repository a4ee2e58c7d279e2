using System.Diagnostics;
using System.Globalization;
using NeuralNet.Optimizers;

namespace NeuralNet.Benchmarks;

/// <summary>The training step against its matrix products alone, in alternating rounds in one process: <c>--step-ratio [rounds]</c>.</summary>
/// <remarks>
/// On a shared 2-core machine either time drifts by up to 2× over tens of seconds, so a step measured by one
/// BenchmarkDotNet run and its products by the next need not see the same machine. Here every round times a block of
/// steps and then a block of the same products (<see cref="StepProducts"/>, as in <see cref="TrainStepBenchmarks"/>), and
/// the figure is the median of the rounds' ratios. The first rounds warm up and are not counted.
/// </remarks>
internal static class StepRatio
{
    private const int WarmUpRounds = 5;

    public static void Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 25;
        Console.WriteLine("backend  network          batch  optimizer   step (us)  products (us)  step/products: median  [min, max]");
        foreach (string backend in Backends.Library)
        {
            foreach (string architecture in new[] { "784-128-10", "784-256-256-10" })
            {
                foreach (int batchSize in new[] { 64, 256 })
                {
                    foreach (string optimizer in new[] { "sgd", "momentum", "adam" })
                    {
                        Measure(backend, architecture, batchSize, optimizer, rounds);
                    }
                }
            }
        }
    }

    private static void Measure(string backend, string architecture, int batchSize, string optimizerName, int rounds)
    {
        Backends.Select(backend);
        var work = new Workload(architecture, batchSize);
        var products = new StepProducts(Backends.Sizes(architecture), batchSize, Backends.Multiplier(backend));
        Optimizer optimizer = Workload.CreateOptimizer(optimizerName);
        int perRound = Math.Max(10, 6_000_000 / (batchSize * 784 * Backends.Sizes(architecture)[1] / 64));
        var steps = new List<double>();
        var alone = new List<double>();
        var ratios = new List<double>();
        for (int round = 0; round < WarmUpRounds + rounds; round++)
        {
            long started = Stopwatch.GetTimestamp();
            for (int i = 0; i < perRound; i++)
            {
                work.Network.Forward(work.Inputs);
                work.Network.Backward(work.Loss, work.Targets);
                optimizer.Step(work.Network.Parameters);
            }

            double step = Stopwatch.GetElapsedTime(started).TotalMicroseconds / perRound;
            started = Stopwatch.GetTimestamp();
            for (int i = 0; i < perRound; i++)
            {
                products.Run();
            }

            double product = Stopwatch.GetElapsedTime(started).TotalMicroseconds / perRound;
            if (round >= WarmUpRounds)
            {
                steps.Add(step);
                alone.Add(product);
                ratios.Add(step / product);
            }
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{backend,-8} {architecture,-16} {batchSize,5}  {optimizerName,-9} {Median(steps),10:F1} {Median(alone),14:F1}  {Median(ratios),21:F2}  [{ratios.Min():F2}, {ratios.Max():F2}]"));
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
