using System.Diagnostics;
using System.Globalization;
using NeuralNet.Layers;
using NeuralNet.Optimizers;

namespace NeuralNet.Benchmarks;

/// <summary>The CNN's training step against its matrix products alone, in alternating rounds in one process: <c>--cnn-ratio [rounds] [batch]</c>.</summary>
/// <remarks>
/// Like <see cref="StepRatio"/>: every round times a block of steps (forward, backward, Adam) and then a block of the same
/// products (<see cref="CnnProducts"/>); the figure is the median of the rounds' ratios. A third block times each layer's
/// Forward and Backward on its own, to show where the rest of the step goes.
/// </remarks>
internal static class CnnStepRatio
{
    private const int WarmUpRounds = 3;

    public static void Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        int batchSize = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
        foreach (string backend in Backends.Library)
        {
            Measure(backend, batchSize, rounds);
        }
    }

    private static void Measure(string backend, int batchSize, int rounds)
    {
        Backends.Select(backend);
        var work = new CnnWorkload(batchSize);
        var products = new CnnProducts(work.Network, batchSize);
        var optimizer = new Adam(1e-3f);
        IReadOnlyList<Layer> layers = work.Network.Layers;
        const int perRound = 8;
        var steps = new List<double>();
        var alone = new List<double>();
        var ratios = new List<double>();
        var forward = new List<double>[layers.Count];
        var backward = new List<double>[layers.Count];
        for (int l = 0; l < layers.Count; l++)
        {
            forward[l] = [];
            backward[l] = [];
        }

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

            // Per layer: Forward on the previous layer's output, then Backward from a gradient shaped like its output.
            work.Network.Forward(work.Inputs);
            var outputs = new MathNet.Numerics.LinearAlgebra.Matrix<float>[layers.Count];
            var input = work.Inputs;
            for (int l = 0; l < layers.Count; l++)
            {
                started = Stopwatch.GetTimestamp();
                outputs[l] = layers[l].Forward(input);
                double f = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                input = outputs[l];
                if (round >= WarmUpRounds)
                {
                    forward[l].Add(f);
                }
            }

            for (int l = layers.Count - 1; l >= 0; l--)
            {
                var gradient = outputs[l].Clone();
                started = Stopwatch.GetTimestamp();
                layers[l].Backward(gradient, computeInputGradient: l > 0);
                double b = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                if (round >= WarmUpRounds)
                {
                    backward[l].Add(b);
                }
            }

            if (round >= WarmUpRounds)
            {
                steps.Add(step);
                alone.Add(product);
                ratios.Add(step / product);
            }
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{backend,-8} CNN batch {batchSize}: step {Median(steps):F0} us ({batchSize * 1e6 / Median(steps):F0} samples/s), products {Median(alone):F0} us, step/products median {Median(ratios):F2} [{ratios.Min():F2}, {ratios.Max():F2}]"));
        for (int l = 0; l < layers.Count; l++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {layers[l],-40} forward {Median(forward[l]),8:F0} us   backward {Median(backward[l]),8:F0} us"));
        }
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
