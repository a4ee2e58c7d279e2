using System.Diagnostics;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Data;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Training;

namespace NeuralNet.Benchmarks;

/// <summary>What <c>Trainer.Fit</c> costs beyond its steps: one epoch of Fit against as many bare steps, in alternating rounds of one process: <c>--fit-ratio [rounds] [samples | MNIST folder]</c>.</summary>
/// <remarks>
/// <para>The bare step is forward, backward (fused softmax + cross-entropy) and the optimizer, on batches of the same
/// set gathered beforehand, timed two ways: on one batch over and over, and on <see cref="DistinctBatches"/> distinct
/// batches in turn. The first is the classic micro-benchmark; its batch's pattern of zeros repeats, and the branch
/// predictors of the sparse kernels learn it, which no training run sees. Fit does the same steps over the whole set,
/// with everything a user's Fit does around them (the shuffle, the gather of each batch, the loss and accuracy, the
/// divergence checks, the callbacks).</para>
/// <para>All three are timed by the wall clock in alternating rounds; the ratios are Fit's samples per second over
/// each step's, medians of the rounds'. Given a folder with MNIST's files instead of a sample count, Fit trains on
/// MNIST's 60,000 training images as loaded (gathered from the file's bytes) and on a copy whose matrix was handed out
/// (gathered from floats); the synthetic set's values are floats made in memory.</para>
/// </remarks>
internal static class FitRatio
{
    private const int WarmUpRounds = 2;

    // Enough that no predictor learns them; few enough (6 MB at batch 64) to stay in the last-level cache.
    private const int DistinctBatches = 32;

    public static void Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 9;
        string set = args.Length > 1 ? args[1] : "19200";
        if (int.TryParse(set, NumberStyles.None, CultureInfo.InvariantCulture, out int samples))
        {
            Header(rounds, $"{samples} synthetic samples");
            Dataset synthetic = Workload.SyntheticMnist(samples);
            Measure(synthetic, "784-128-10", 64, "sgd", rounds, "floats");
            Measure(synthetic, "784-256-256-10", 128, "adam", rounds, "floats");
            return;
        }

        Dataset bytes = Mnist.Load(set).Train;
        Dataset floats = bytes.Subset([.. Enumerable.Range(0, bytes.Count)]);
        _ = floats.Inputs; // handed out: its batches come from the floats
        Header(rounds, $"MNIST's {bytes.Count} training images");
        foreach ((string architecture, int batch, string optimizer) in new[] { ("784-128-10", 64, "sgd"), ("784-256-256-10", 128, "adam") })
        {
            Measure(bytes, architecture, batch, optimizer, rounds, bytes.GathersBytes ? "bytes" : "floats");
            Measure(floats, architecture, batch, optimizer, rounds, floats.GathersBytes ? "bytes" : "floats");
        }
    }

    private static void Header(int rounds, string what)
    {
        Console.WriteLine($"{Environment.ProcessorCount} cores, backend {Compute.ComputeBackend.Current}; {rounds} rounds of one epoch over {what}");
        Console.WriteLine(
            $"{"network",-16} {"batch",5} {"optimizer",-9} {"gather",-6} {"step, 1 batch",14} {$"step, {DistinctBatches}",14} {"Fit",10}"
            + $"  Fit / step on 1 batch: median [min, max]   Fit / step on {DistinctBatches}: median [min, max]   (samples/s)");
    }

    private static void Measure(Dataset data, string architecture, int batchSize, string optimizerName, int rounds, string gather)
    {
        var step = new Workload(architecture, batchSize);
        Optimizer stepOptimizer = Workload.CreateOptimizer(optimizerName);
        (Matrix<float> Inputs, Matrix<float> Targets)[] batches = Batches(data, batchSize);
        int steps = data.Count / batchSize;
        var one = new List<double>();
        var distinct = new List<double>();
        var fit = new List<double>();
        for (int round = 0; round < WarmUpRounds + rounds; round++)
        {
            double oneRate = StepRate(step, stepOptimizer, batches.AsSpan(0, 1), steps, batchSize);
            double distinctRate = StepRate(step, stepOptimizer, batches, steps, batchSize);

            // A new trainer each round, as a user's Fit: its first shuffle and buffers are part of the cost.
            Network network = Network.Create(Backends.Sizes(architecture), seed: round);
            var trainer = new Trainer(network, new CrossEntropyLoss(), Workload.CreateOptimizer(optimizerName), new TrainerOptions { Epochs = 1, BatchSize = batchSize, Seed = round });
            long started = Stopwatch.GetTimestamp();
            trainer.Fit(data);
            double fitRate = data.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (round >= WarmUpRounds)
            {
                one.Add(oneRate);
                distinct.Add(distinctRate);
                fit.Add(fitRate);
            }
        }

        double[] toOne = [.. fit.Select((rate, i) => rate / one[i])];
        double[] toDistinct = [.. fit.Select((rate, i) => rate / distinct[i])];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{architecture,-16} {batchSize,5} {optimizerName,-9} {gather,-6} {Median(one),14:N0} {Median(distinct),14:N0} {Median(fit),10:N0}"
            + $"  {Median(toOne),26:F2} [{toOne.Min():F2}, {toOne.Max():F2}]   {Median(toDistinct),20:F2} [{toDistinct.Min():F2}, {toDistinct.Max():F2}]"));
    }

    // Batches of the set drawn at random, gathered once: the step's inputs have the set's share of zeros.
    private static (Matrix<float> Inputs, Matrix<float> Targets)[] Batches(Dataset data, int batchSize)
    {
        int[] drawn = [.. Enumerable.Range(0, data.Count)];
        new Random(1).Shuffle(drawn);
        var batches = new (Matrix<float>, Matrix<float>)[Math.Min(DistinctBatches, data.Count / batchSize)];
        for (int b = 0; b < batches.Length; b++)
        {
            Dataset batch = data.Subset(drawn.AsSpan(b * batchSize, batchSize));
            batches[b] = (batch.Inputs, batch.OneHot());
        }

        return batches;
    }

    private static double StepRate(Workload step, Optimizer optimizer, ReadOnlySpan<(Matrix<float> Inputs, Matrix<float> Targets)> batches, int steps, int batchSize)
    {
        long started = Stopwatch.GetTimestamp();
        for (int i = 0; i < steps; i++)
        {
            (Matrix<float> inputs, Matrix<float> targets) = batches[i % batches.Length];
            step.Network.Forward(inputs);
            step.Network.Backward(step.Loss, targets);
            optimizer.Step(step.Network.Parameters);
        }

        return steps * batchSize / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static double Median(IReadOnlyCollection<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
