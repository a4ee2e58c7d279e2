using System.Diagnostics;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.ML.OnnxRuntime;
using NeuralNet.Compute;
using NeuralNet.Data;
using NeuralNet.Preprocessing;
using NeuralNet.Serialization.Onnx;

namespace NeuralNet.Benchmarks;

/// <summary>One-sample latency and 10,000-sample throughput of 784-128-10 on both backends and on ONNX Runtime, in alternating rounds of one process: <c>--predict-ratio [rounds] [share of nonzero pixels]</c>.</summary>
/// <remarks>
/// The network has random weights and takes raw pixels (unit-range scaling inside); NeuralNet runs with its default
/// threads per product and with one, to compare one core with ONNX Runtime's one thread. ONNX Runtime runs the same network as
/// exported, at 1 and at 2 intra-op threads, with its input and output tensors bound once to arrays (its fastest use).
/// Each round runs every engine in turn, once untimed and once timed: 2,000 single-sample calls and 3 batch calls; the figures are medians of the
/// rounds, and the ratios medians of the rounds' ratios; the best round of each engine (the least disturbed on a shared
/// machine) is printed too.
/// </remarks>
internal static class PredictRatio
{
    private const int Samples = 2000;
    private const int BatchSize = 10_000;

    public static void Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;

        // The share of nonzero pixels: MNIST's digits have about a fifth; 1 gives inputs without a zero, which no product
        // can skip (the sparse kernels' worst case, and ONNX Runtime's usual one).
        double nonzero = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 0.2;
        Network network = Network.Create([784, 128, 10], seed: 2);
        network.InputScaling = InputScaling.UnitRange;
        var random = new Random(4);
        Matrix<float> batch = Matrix<float>.Build.Dense(784, BatchSize, (_, _) => random.NextDouble() < nonzero ? 1 + random.Next(255) : 0f);
        float[] pixels = batch.AsColumnMajorArray();
        float[][] samples = Enumerable.Range(0, Samples).Select(j => pixels.AsSpan(j * 784, 784).ToArray()).ToArray();
        using var model = new MemoryStream();
        network.ExportOnnx(model);

        var engines = new List<Engine>();
        int threads = ComputeBackend.ThreadsPerProduct;
        foreach (string backend in Backends.Library)
        {
            engines.Add(new NeuralNetEngine(backend, threads, network, samples, batch));
            if (threads > 1)
            {
                engines.Add(new NeuralNetEngine(backend, 1, network, samples, batch));
            }
        }

        engines.Add(new OnnxRuntimeEngine(1, model.ToArray(), samples, pixels));
        engines.Add(new OnnxRuntimeEngine(2, model.ToArray(), samples, pixels));

        var latency = engines.Select(_ => new List<double>()).ToArray();
        var throughput = engines.Select(_ => new List<double>()).ToArray();
        for (int round = -3; round < rounds; round++)
        {
            for (int e = 0; e < engines.Count; e++)
            {
                // Each engine runs once untimed first: ONNX Runtime's pool threads spin for a while after a run (and
                // NeuralNet's helpers after a product), taking a core from whichever engine comes next. NeuralNet's
                // first engine, timed straight after ONNX Runtime's two threads, read 1.3-1.6x its time alone; a pause
                // instead of the untimed run let every engine's caches and cores go cold.
                engines[e].Measure();
                (double microseconds, double perSecond) = engines[e].Measure();
                if (round >= 0)
                {
                    latency[e].Add(microseconds);
                    throughput[e].Add(perSecond);
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, {ManagedKernelMultiplier.VectorBits}-bit vectors; {rounds} rounds; {nonzero:P0} nonzero pixels; ONNX Runtime {OrtEnv.Instance().GetVersionString()}"));
        Console.WriteLine($"{"engine",-24} {"one sample µs",14} {"10,000 samples/s",17}   best round: µs, samples/s");
        for (int e = 0; e < engines.Count; e++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{engines[e].Name,-24} {ProductRatio.Median(latency[e]),14:F2} {ProductRatio.Median(throughput[e]),17:N0}   {latency[e].Min():F2}, {throughput[e].Max():N0}"));
        }

        int ort1 = engines.Count - 2, ort2 = engines.Count - 1;
        for (int e = 0; e < ort1; e++)
        {
            int bestOrtLatency = ProductRatio.Median(latency[ort1]) <= ProductRatio.Median(latency[ort2]) ? ort1 : ort2;
            int bestOrtThroughput = ProductRatio.Median(throughput[ort1]) >= ProductRatio.Median(throughput[ort2]) ? ort1 : ort2;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{engines[e].Name} / {engines[bestOrtLatency].Name} latency: {RatioOfRounds(latency[e], latency[bestOrtLatency])}; / {engines[bestOrtThroughput].Name} throughput: {RatioOfRounds(throughput[e], throughput[bestOrtThroughput])}"));
        }

        foreach (IDisposable engine in engines.OfType<IDisposable>())
        {
            engine.Dispose();
        }
    }

    private static string RatioOfRounds(List<double> a, List<double> b)
    {
        List<double> ratios = [.. a.Zip(b, (x, y) => x / y)];
        return string.Create(CultureInfo.InvariantCulture, $"{ProductRatio.Median(ratios):F2} [{ratios.Min():F2}, {ratios.Max():F2}]");
    }

    private abstract class Engine(string name)
    {
        public string Name { get; } = name;

        public abstract (double Microseconds, double SamplesPerSecond) Measure();
    }

    private sealed class NeuralNetEngine(string backend, int threads, Network network, float[][] samples, Matrix<float> batch)
        : Engine($"NeuralNet {backend} {threads} thread{(threads == 1 ? "" : "s")}")
    {
        private readonly int[] _classes = new int[batch.ColumnCount];

        public override (double, double) Measure()
        {
            Backends.Select(backend, quiet: true);
            ComputeBackend.ThreadsPerProduct = threads;
            int sink = 0;
            long started = Stopwatch.GetTimestamp();
            foreach (float[] sample in samples)
            {
                sink += network.Predict(sample);
            }

            double latency = Stopwatch.GetElapsedTime(started).TotalMicroseconds / samples.Length;
            double best = double.MaxValue;
            for (int i = 0; i < 3; i++)
            {
                started = Stopwatch.GetTimestamp();
                network.Predict(batch, _classes);
                best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalSeconds);
            }

            GC.KeepAlive(sink);
            return (latency, batch.ColumnCount / best);
        }
    }

    private sealed class OnnxRuntimeEngine : Engine, IDisposable
    {
        private readonly InferenceSession _session;
        private readonly RunOptions _run = new();
        private readonly float[][] _samples;
        private readonly float[] _input = new float[784];
        private readonly float[] _output = new float[10];
        private readonly OrtValue[] _inputValue;
        private readonly OrtValue[] _outputValue;
        private readonly OrtValue[] _batchInput;
        private readonly OrtValue[] _batchOutput;
        private readonly string[] _inputNames;
        private readonly string[] _outputNames;
        private readonly int _count;

        public OnnxRuntimeEngine(int threads, byte[] model, float[][] samples, float[] pixels)
            : base($"ONNX Runtime {threads} thread{(threads == 1 ? "" : "s")}")
        {
            using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
            _session = new InferenceSession(model, options);
            _samples = samples;
            _count = pixels.Length / 784;
            _inputNames = [_session.InputMetadata.Keys.Single()];
            _outputNames = [_session.OutputMetadata.Keys.Single()];
            _inputValue = [OrtValue.CreateTensorValueFromMemory(_input, [1, 784])];
            _outputValue = [OrtValue.CreateTensorValueFromMemory(_output, [1, 10])];
            _batchInput = [OrtValue.CreateTensorValueFromMemory(pixels, [_count, 784])];
            _batchOutput = [OrtValue.CreateTensorValueFromMemory(new float[_count * 10], [_count, 10])];
        }

        public override (double, double) Measure()
        {
            int sink = 0;
            long started = Stopwatch.GetTimestamp();
            foreach (float[] sample in _samples)
            {
                sample.CopyTo(_input, 0);
                _session.Run(_run, _inputNames, _inputValue, _outputNames, _outputValue);
                sink += Array.IndexOf(_output, _output.Max());
            }

            double latency = Stopwatch.GetElapsedTime(started).TotalMicroseconds / _samples.Length;
            double best = double.MaxValue;
            for (int i = 0; i < 3; i++)
            {
                started = Stopwatch.GetTimestamp();
                _session.Run(_run, _inputNames, _batchInput, _outputNames, _batchOutput);
                best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalSeconds);
            }

            GC.KeepAlive(sink);
            return (latency, _count / best);
        }

        public void Dispose()
        {
            _session.Dispose();
            _run.Dispose();
            foreach (OrtValue value in _inputValue.Concat(_outputValue).Concat(_batchInput).Concat(_batchOutput))
            {
                value.Dispose();
            }
        }
    }
}
