// The NeuralNet side of benchmarks/compare/run.sh: trains and times the same MLPs as torch_side.py on the same MNIST
// files and prints one JSON object. Usage: NeuralNetSide <mnist-dir> [epochs] [seed] [onnx-path]
// With an onnx-path the trained 784-128-10 network is exported there too, for OnnxRuntimeSide.
using System.Diagnostics;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using NeuralNet;
using NeuralNet.Compute;
using NeuralNet.Data;
using NeuralNet.Initializers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Preprocessing;
using NeuralNet.Serialization.Onnx;
using NeuralNet.Training;
using NeuralNetSide;

if (args is ["--cnn", .. var cnnArgs])
{
    return CnnMode.Run(cnnArgs);
}

string dir = args.Length > 0 ? args[0] : throw new ArgumentException("usage: NeuralNetSide <mnist-dir> [epochs] [seed]");
int epochs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
int seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
string? onnxPath = args.Length > 3 ? args[3] : null;

(float[] testPixels, int features, int testCount) = IdxFile.ReadImages(Path.Combine(dir, "t10k-images-idx3-ubyte"));
int[] testLabels = IdxFile.ReadLabels(Path.Combine(dir, "t10k-labels-idx1-ubyte"));

// Each side trains from its own best form of the data. The training set is loaded as a user of the library loads it,
// scaled to [0, 1]: Mnist.Load keeps the file's bytes and Fit gathers each batch from them. torch_side.py indexes a float
// tensor scaled once, which is faster for PyTorch than indexing the bytes and converting each batch (measured at one
// thread, 784-128-10 b64 SGD: 55,700–58,500 samples/s from floats, 47,700–54,700 from bytes). NEURALNET_COMPARE_FLOATS=1
// trains NeuralNet from a float matrix scaled once instead, as PyTorch does. Prediction takes raw pixels on both sides.
Dataset train = Mnist.Load(dir).Train;
if (Environment.GetEnvironmentVariable("NEURALNET_COMPARE_FLOATS") == "1")
{
    Dataset floats = train.Subset([.. Enumerable.Range(0, train.Count)]);
    _ = floats.Inputs; // handed out: its batches come from the floats
    train = floats;
}

Matrix<float> testRaw = Matrix<float>.Build.Dense(features, testCount, testPixels);

var results = new List<string>
{
    $"\"backend\": \"{ComputeBackend.Current.ToString().Replace("\"", "'", StringComparison.Ordinal)}\"",
};

Network small = Train("mlp1", [784, 128, 10], 64, "sgd", 0.1f);
Train("mlp2", [784, 256, 256, 10], 128, "adam", 1e-3f);
if (onnxPath is not null)
{
    small.ExportOnnx(onnxPath);
}

// Single-sample latency: 2,000 different test images, one at a time, raw pixels in, after a warm-up of at least 5,000 calls
// and one second. The time is what matters: .NET compiles a method's optimized code in the background about 100 ms after
// its 30th call, so 5,000 calls alone (10–50 ms) timed code that was still unoptimized (when the softmax used TensorPrimitives'
// exponential, 2–3 µs of the latency). OnnxRuntimeSide warms up the same way.
float[][] samples = Enumerable.Range(0, 2000).Select(j => testPixels.AsSpan(j * features, features).ToArray()).ToArray();
int sink = 0;
var warmUp = Stopwatch.StartNew();
for (int i = 0; i < 5000 || warmUp.Elapsed.TotalSeconds < 1; i++)
{
    sink += small.Predict(samples[i % samples.Length]);
}

var watch = Stopwatch.StartNew();
for (int round = 0; round < 5; round++)
{
    foreach (float[] sample in samples)
    {
        sink += small.Predict(sample);
    }
}

double latency = watch.Elapsed.TotalSeconds / (5 * samples.Length);
results.Add(Json("single_latency_us", latency * 1e6));

// Batch inference: the whole 10,000-image test set in one call, best of 5.
var classes = new int[testCount];
small.Predict(testRaw, classes);
double best = double.MaxValue;
for (int round = 0; round < 5; round++)
{
    watch.Restart();
    small.Predict(testRaw, classes);
    best = Math.Min(best, watch.Elapsed.TotalSeconds);
}

results.Add(Json("batch10k_samples_per_s", testCount / best));
results.Add($"\"sink\": {sink % 7}");
Console.WriteLine("{" + string.Join(", ", results) + "}");
return 0;

Network Train(string name, int[] sizes, int batchSize, string optimizer, float learningRate)
{
    Network network = Network.Create(sizes, initializer: Initializer.PyTorchDefault, seed: seed);
    var trainer = new Trainer(
        network,
        new CrossEntropyLoss(),
        Optimizer.FromName(optimizer, learningRate),
        new TrainerOptions { Epochs = epochs, BatchSize = batchSize, Seed = seed });

    // Fit sets the network's input scaling to the training set's (/255), so prediction below takes raw pixels.
    var clock = Stopwatch.StartNew();
    trainer.Fit(train);
    double seconds = clock.Elapsed.TotalSeconds;
    var predicted = new int[testCount];
    network.Predict(testRaw, predicted);
    double accuracy = predicted.Zip(testLabels).Count(p => p.First == p.Second) / (double)testCount;
    results.Add(Json($"{name}_train_samples_per_s", epochs * (double)train.Count / seconds));
    results.Add(Json($"{name}_test_accuracy", accuracy));
    return network;
}

static string Json(string key, double value) => $"\"{key}\": {value.ToString("R", CultureInfo.InvariantCulture)}";
