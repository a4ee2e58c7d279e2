// The ONNX Runtime side of benchmarks/compare/run.sh: runs the model NeuralNetSide exported (784-128-10, raw pixels in)
// with the same timings as NeuralNetSide's prediction figures, at 1 and 2 intra-op threads, and prints one JSON object.
// Usage: OnnxRuntimeSide <model.onnx> <mnist-dir>
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using NeuralNetSide;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: OnnxRuntimeSide <model.onnx> <mnist-dir>");
    return 2;
}

string model = args[0];
(float[] testPixels, int features, int testCount) = IdxFile.ReadImages(Path.Combine(args[1], "t10k-images-idx3-ubyte"));
int[] testLabels = IdxFile.ReadLabels(Path.Combine(args[1], "t10k-labels-idx1-ubyte"));
float[][] samples = Enumerable.Range(0, 2000).Select(j => testPixels.AsSpan(j * features, features).ToArray()).ToArray();
var results = new List<string> { $"\"backend\": \"ONNX Runtime {OrtEnv.Instance().GetVersionString()}, CPU execution provider\"" };
double bestLatency = double.MaxValue, bestThroughput = 0;
int sink = 0;
foreach (int threads in new[] { 1, 2 })
{
    using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
    using var session = new InferenceSession(model, options);
    using var run = new RunOptions();
    string[] inputNames = [session.InputMetadata.Keys.Single()];
    string[] outputNames = [session.OutputMetadata.Keys.Single()];
    int classes = (int)session.OutputMetadata[outputNames[0]].Dimensions[^1];

    // Single-sample latency, served as a careful ORT user would: the input and output tensors are bound once to arrays
    // of the caller's, each sample is copied in, and no call allocates a tensor. 2,000 different test images, after a
    // warm-up of at least 5,000 calls and one second, as NeuralNetSide does (it says why).
    float[] input = new float[features];
    float[] output = new float[classes];
    using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [1, features]);
    using var outputValue = OrtValue.CreateTensorValueFromMemory(output, [1, classes]);
    OrtValue[] inputs = [inputValue];
    OrtValue[] outputs = [outputValue];
    var warmUp = Stopwatch.StartNew();
    for (int i = 0; i < 5000 || warmUp.Elapsed.TotalSeconds < 1; i++)
    {
        sink += Predict(samples[i % samples.Length]);
    }

    var watch = Stopwatch.StartNew();
    for (int round = 0; round < 5; round++)
    {
        foreach (float[] sample in samples)
        {
            sink += Predict(sample);
        }
    }

    double latency = watch.Elapsed.TotalSeconds / (5 * samples.Length);
    results.Add(Json($"single_latency_us_{threads}t", latency * 1e6));
    bestLatency = Math.Min(bestLatency, latency);

    // Batch inference: the whole 10,000-image test set in one call, best of 5.
    float[] batchOutput = new float[testCount * classes];
    using var batchInput = OrtValue.CreateTensorValueFromMemory(testPixels, [testCount, features]);
    using var batchResult = OrtValue.CreateTensorValueFromMemory(batchOutput, [testCount, classes]);
    session.Run(run, inputNames, [batchInput], outputNames, [batchResult]);
    double best = double.MaxValue;
    for (int round = 0; round < 5; round++)
    {
        watch.Restart();
        session.Run(run, inputNames, [batchInput], outputNames, [batchResult]);
        best = Math.Min(best, watch.Elapsed.TotalSeconds);
    }

    results.Add(Json($"batch10k_samples_per_s_{threads}t", testCount / best));
    bestThroughput = Math.Max(bestThroughput, testCount / best);
    if (threads == 1)
    {
        int correct = 0;
        for (int j = 0; j < testCount; j++)
        {
            correct += ArgMax(batchOutput.AsSpan(j * classes, classes)) == testLabels[j] ? 1 : 0;
        }

        results.Add(Json("mlp1_test_accuracy", correct / (double)testCount));
    }

    int Predict(float[] sample)
    {
        sample.CopyTo(input, 0);
        session.Run(run, inputNames, inputs, outputNames, outputs);
        return ArgMax(output);
    }
}

results.Add(Json("single_latency_us", bestLatency * 1e6));
results.Add(Json("batch10k_samples_per_s", bestThroughput));
results.Add($"\"sink\": {sink % 7}");
Console.WriteLine("{" + string.Join(", ", results) + "}");
return 0;

static int ArgMax(ReadOnlySpan<float> values)
{
    int best = 0;
    for (int i = 1; i < values.Length; i++)
    {
        best = values[i] > values[best] ? i : best;
    }

    return best;
}

static string Json(string key, double value) => $"\"{key}\": {value.ToString("R", CultureInfo.InvariantCulture)}";
