using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NeuralNet.Data;
using NeuralNet.Preprocessing;
using NeuralNet.Serialization;

namespace NeuralNet.Benchmarks.Serialization;

/// <summary>Saving and loading a 784-800-800-10 model (1,276,810 parameters, 5.1 MB): files against the bare write and read of as many bytes, and in memory.</summary>
/// <remarks>
/// <c>Save</c> is the real thing: encode, CRC-32C, write a temporary file, flush it to the disk, rename it over the target.
/// Its baseline writes the same number of bytes and flushes them to the disk, the floor for a durable save.
/// <c>Load</c> reads, checks and builds the network; its baseline is <see cref="File.ReadAllBytes"/>.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ModelFileBenchmarks
{
    private Network _network = null!;
    private string _folder = null!;
    private string _modelPath = null!;
    private string _rawPath = null!;
    private byte[] _bytes = null!;
    private MemoryStream _memory = null!;

    [GlobalSetup]
    public void Setup()
    {
        _network = Network.Create([784, 800, 800, 10], seed: 1);
        _network.InputScaling = InputScaling.UnitRange;
        _folder = Path.Combine(Path.GetTempPath(), "neuralnet-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _modelPath = Path.Combine(_folder, "model.nnm");
        _rawPath = Path.Combine(_folder, "raw.bin");
        _network.Save(_modelPath);
        _bytes = File.ReadAllBytes(_modelPath);
        _memory = new MemoryStream(_bytes.Length);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Save")]
    public void WriteBytesAndFlushToDisk()
    {
        using var stream = new FileStream(_rawPath, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        stream.Write(_bytes);
        stream.Flush(flushToDisk: true);
    }

    [Benchmark]
    [BenchmarkCategory("Save")]
    public void SaveToFile() => _network.Save(_modelPath);

    [Benchmark]
    [BenchmarkCategory("Save")]
    public void SaveToMemory()
    {
        _memory.Position = 0;
        _network.Save(_memory);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Load")]
    public byte[] ReadAllBytes() => File.ReadAllBytes(_modelPath);

    [Benchmark]
    [BenchmarkCategory("Load")]
    public Network LoadFromFile() => Network.Load(_modelPath);

    [Benchmark]
    [BenchmarkCategory("Load")]
    public Network LoadFromMemory() => Network.Load(new MemoryStream(_bytes, writable: false));
}
