using System.Diagnostics;
using System.Globalization;
using NeuralNet;
using NeuralNet.Activations;
using NeuralNet.Data;
using NeuralNet.Initializers;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Randomness;
using NeuralNet.Schedules;
using NeuralNet.Training;

namespace NeuralNetSide;

/// <summary>How far a CNN gets on MNIST (or Fashion-MNIST) in a given number of epochs: test accuracy and wall time after every epoch.</summary>
/// <remarks>Usage: <c>NeuralNetSide --cnn accuracy &lt;data-dir&gt; &lt;architecture&gt; &lt;epochs&gt; [learning-rate] [schedule] [batch] [seed]</c>,
/// with architecture <c>compare</c> (the comparison's CNN), <c>small</c> or <c>small-bn</c>, and a schedule in the
/// trainer's command-line form (<c>constant</c>, <c>cosine</c>, <c>step:2:0.5</c>, ...). Prints one line per epoch.</remarks>
internal static class CnnAccuracy
{
    public static int Run(string[] args)
    {
        if (args.Length < 3)
        {
            throw new ArgumentException("usage: NeuralNetSide --cnn accuracy <data-dir> <compare|small|small-bn> <epochs> [learning-rate] [schedule] [batch] [seed]");
        }

        string dir = args[0];
        string architecture = args[1];
        int epochs = int.Parse(args[2], CultureInfo.InvariantCulture);
        float learningRate = args.Length > 3 ? float.Parse(args[3], CultureInfo.InvariantCulture) : 1e-3f;
        LearningRateSchedule schedule = args.Length > 4 ? LearningRateSchedule.Parse(args[4], epochs) : LearningRateSchedule.Constant;
        int batch = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 64;
        int seed = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 0;

        (Dataset train, Dataset test) = Mnist.Load(dir);
        Network network = Create(architecture, seed);
        Console.WriteLine($"{network.Layers.Count} layers: {string.Join(" → ", network.Layers)}; {network.ParameterCount:N0} parameters");
        Console.WriteLine($"Adam {learningRate.ToString(CultureInfo.InvariantCulture)}, schedule {args.ElementAtOrDefault(4) ?? "constant"}, batch {batch}, {epochs} epochs, seed {seed}; {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        var trainer = new Trainer(network, new CrossEntropyLoss(), new Adam(learningRate), new TrainerOptions { Epochs = epochs, BatchSize = batch, Seed = seed, Schedule = schedule });
        var clock = Stopwatch.StartNew();
        var progress = new Progress(clock);
        trainer.Fit(train, test, progress);
        return 0;
    }

    /// <summary>The architectures tried for the command line's default CNN.</summary>
    public static Network Create(string architecture, int seed)
    {
        var random = new SeededRandom(seed);
        var input = new SampleShape(1, 28, 28);
        switch (architecture)
        {
            case "compare":
                return CnnMode.Create(seed);
            case "small":
            {
                // conv 5×5×16 (pad 2), max-pool 2, conv 5×5×32 (pad 2), max-pool 2, dense 128, dense 10: a quarter of the comparison's work.
                var conv1 = new Conv2D(input, 16, 5, new Relu(), padding: 2, random: random);
                var pool1 = new MaxPool2D(conv1.OutputShape, 2);
                var conv2 = new Conv2D(pool1.OutputShape, 32, 5, new Relu(), padding: 2, random: random);
                var pool2 = new MaxPool2D(conv2.OutputShape, 2);
                return new Network(conv1, pool1, conv2, pool2, new DenseLayer(pool2.OutputSize, 128, new Relu(), random: random), new DenseLayer(128, 10, new Softmax(), random: random));
            }

            case "small-bn":
            {
                // The same with batch normalization after each pooling.
                var conv1 = new Conv2D(input, 16, 5, new Relu(), padding: 2, random: random);
                var pool1 = new MaxPool2D(conv1.OutputShape, 2);
                var conv2 = new Conv2D(pool1.OutputShape, 32, 5, new Relu(), padding: 2, random: random);
                var pool2 = new MaxPool2D(conv2.OutputShape, 2);
                return new Network(
                    conv1, pool1, new BatchNorm(pool1.OutputShape), conv2, pool2, new BatchNorm(pool2.OutputShape),
                    new DenseLayer(pool2.OutputSize, 128, new Relu(), random: random), new DenseLayer(128, 10, new Softmax(), random: random));
            }

            default:
                throw new ArgumentException($"Unknown architecture '{architecture}'; expected compare, small or small-bn.", nameof(architecture));
        }
    }

    private sealed class Progress(Stopwatch clock) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.EpochEnd is { } e)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"epoch {e.Epoch,2}: test accuracy {e.ValidationAccuracy:P2}, train loss {e.TrainLoss:F4}, lr {e.LearningRate:G3}, {e.SamplesPerSecond:F0} samples/s, {clock.Elapsed.TotalSeconds:F0} s so far"));
            }
        }
    }
}
