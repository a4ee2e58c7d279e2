using System.Diagnostics;
using System.Globalization;
using NeuralNet.Data;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Training;

namespace NeuralNet.Benchmarks;

/// <summary>What <c>Trainer.Fit</c> costs beyond its steps: one epoch of Fit against as many bare steps, in alternating rounds of one process: <c>--fit-ratio [rounds] [samples]</c>.</summary>
/// <remarks>
/// The bare step is forward, backward (fused softmax + cross-entropy) and the optimizer on one batch that stays in
/// place; Fit does the same steps over a synthetic MNIST-shaped training set, with everything a user's Fit does
/// around them (the fingerprint of the set, the shuffle, the gather of each batch, the loss and accuracy, the
/// divergence checks, the callbacks). Both are timed by the wall clock; the ratio is Fit's samples per second over the
/// step's, the median of the rounds', with the least disturbed round of each beside it.
/// </remarks>
internal static class FitRatio
{
    private const int WarmUpRounds = 2;

    public static void Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 9;
        int samples = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 19_200;
        Console.WriteLine($"{Environment.ProcessorCount} cores, backend {Compute.ComputeBackend.Current}; {rounds} rounds of one epoch over {samples} samples");
        Console.WriteLine($"{"network",-16} {"batch",5} {"optimizer",-9} {"step samples/s",15} {"Fit samples/s",14}  Fit/step: median [min, max]   best rounds ratio");
        Dataset data = Workload.SyntheticMnist(samples);
        Measure(data, "784-128-10", 64, "sgd", rounds);
        Measure(data, "784-256-256-10", 128, "adam", rounds);
    }

    private static void Measure(Dataset data, string architecture, int batchSize, string optimizerName, int rounds)
    {
        var step = new Workload(architecture, batchSize);
        Optimizer stepOptimizer = Workload.CreateOptimizer(optimizerName);
        int steps = data.Count / batchSize;
        var stepRates = new List<double>();
        var fitRates = new List<double>();
        var ratios = new List<double>();
        for (int round = 0; round < WarmUpRounds + rounds; round++)
        {
            long started = Stopwatch.GetTimestamp();
            for (int i = 0; i < steps; i++)
            {
                step.Network.Forward(step.Inputs);
                step.Network.Backward(step.Loss, step.Targets);
                stepOptimizer.Step(step.Network.Parameters);
            }

            double stepRate = steps * batchSize / Stopwatch.GetElapsedTime(started).TotalSeconds;

            // A new trainer each round, as a user's Fit: its fingerprint, first shuffle and buffers are part of the cost.
            Network network = Network.Create(Backends.Sizes(architecture), seed: round);
            var trainer = new Trainer(network, new CrossEntropyLoss(), Workload.CreateOptimizer(optimizerName), new TrainerOptions { Epochs = 1, BatchSize = batchSize, Seed = round });
            started = Stopwatch.GetTimestamp();
            trainer.Fit(data);
            double fitRate = data.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (round >= WarmUpRounds)
            {
                stepRates.Add(stepRate);
                fitRates.Add(fitRate);
                ratios.Add(fitRate / stepRate);
            }
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{architecture,-16} {batchSize,5} {optimizerName,-9} {Median(stepRates),15:N0} {Median(fitRates),14:N0}  {Median(ratios):F2} [{ratios.Min():F2}, {ratios.Max():F2}]   {fitRates.Max() / stepRates.Max():F2}"));
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
