using System.Diagnostics;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet;
using NeuralNet.Activations;
using NeuralNet.Compute;
using NeuralNet.Data;
using NeuralNet.Initializers;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Preprocessing;
using NeuralNet.Randomness;
using NeuralNet.Training;

namespace NeuralNetSide;

/// <summary>The NeuralNet side of the CNN comparison (<c>compare.py --cnn</c>): the CNN of torch_cnn.py on the same files, timed the same way.</summary>
/// <remarks>Usage: <c>NeuralNetSide --cnn &lt;mnist-dir&gt; [epochs] [seed] [max-batches] [threads]</c>; prints one JSON object. With max-batches above 0
/// only that many batches are trained and timed, and no accuracy is measured. <c>--cnn accuracy ...</c> is <see cref="CnnAccuracy"/>.</remarks>
internal static class CnnMode
{
    public static int Run(string[] args)
    {
        if (args is ["accuracy", .. var rest])
        {
            return CnnAccuracy.Run(rest);
        }

        string dir = args.Length > 0 ? args[0] : throw new ArgumentException("usage: NeuralNetSide --cnn <mnist-dir> [epochs] [seed] [max-batches] [threads]");
        int epochs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
        int seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
        int maxBatches = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0;
        if (args.Length > 4)
        {
            ComputeBackend.ThreadsPerProduct = int.Parse(args[4], CultureInfo.InvariantCulture);
        }

        (float[] trainPixels, int features, int trainCount) = IdxFile.ReadImages(Path.Combine(dir, "train-images-idx3-ubyte"));
        int[] trainLabels = IdxFile.ReadLabels(Path.Combine(dir, "train-labels-idx1-ubyte"));
        Matrix<float> trainScaled = Matrix<float>.Build.Dense(features, trainCount, trainPixels.Select(p => p / 255f).ToArray());
        var train = new Dataset(trainScaled, trainLabels, 10, InputScaling.UnitRange);

        Network network = Create(seed);
        var trainer = new Trainer(
            network,
            new CrossEntropyLoss(),
            new Adam(1e-3f),
            new TrainerOptions { Epochs = epochs, BatchSize = 64, Seed = seed, Iterations = maxBatches > 0 ? maxBatches : null });
        var clock = Stopwatch.StartNew();
        trainer.Fit(train);
        double seconds = clock.Elapsed.TotalSeconds;
        long samples = maxBatches > 0 ? Math.Min((long)maxBatches * 64, (long)epochs * trainCount) : (long)epochs * trainCount;

        var results = new List<string>
        {
            $"\"backend\": \"{ComputeBackend.Current.ToString().Replace("\"", "'", StringComparison.Ordinal)}\"",
            Json("cnn_train_samples_per_s", samples / seconds),
        };
        if (maxBatches == 0)
        {
            (float[] testPixels, _, int testCount) = IdxFile.ReadImages(Path.Combine(dir, "t10k-images-idx3-ubyte"));
            int[] testLabels = IdxFile.ReadLabels(Path.Combine(dir, "t10k-labels-idx1-ubyte"));
            // In chunks of 1,000: a batch's inference buffers hold every layer's output, 100 KB per sample for the first convolution.
            var predicted = new int[testCount];
            for (int start = 0; start < testCount; start += 1000)
            {
                int count = Math.Min(1000, testCount - start);
                network.Predict(Matrix<float>.Build.Dense(features, count, testPixels.AsSpan(start * features, count * features).ToArray()), predicted.AsSpan(start, count));
            }
            results.Add(Json("cnn_test_accuracy", predicted.Zip(testLabels).Count(p => p.First == p.Second) / (double)testCount));
        }

        Console.WriteLine("{" + string.Join(", ", results) + "}");
        return 0;
    }

    /// <summary>conv 5×5×32 (pad 2), ReLU, max-pool 2, conv 5×5×64 (pad 2), ReLU, max-pool 2, dense 128 (ReLU), dense 10 (softmax), initialized as PyTorch does.</summary>
    public static Network Create(int seed)
    {
        var random = new SeededRandom(seed);
        Initializer init = Initializer.PyTorchDefault;
        var conv1 = new Conv2D(new SampleShape(1, 28, 28), 32, 5, new Relu(), padding: 2, initializer: init, random: random);
        var pool1 = new MaxPool2D(conv1.OutputShape, 2);
        var conv2 = new Conv2D(pool1.OutputShape, 64, 5, new Relu(), padding: 2, initializer: init, random: random);
        var pool2 = new MaxPool2D(conv2.OutputShape, 2);
        return new Network(
            conv1, pool1, conv2, pool2,
            new DenseLayer(pool2.OutputSize, 128, new Relu(), init, random),
            new DenseLayer(128, 10, new Softmax(), init, random));
    }

    private static string Json(string key, double value) => $"\"{key}\": {value.ToString("R", CultureInfo.InvariantCulture)}";
}
