using BenchmarkDotNet.Attributes;
using NeuralNet.Data;
using NeuralNet.Preprocessing;

namespace NeuralNet.Benchmarks.Data;

/// <summary>Loading MNIST's 60,000 training images and labels into the normalized float matrix: raw IDX (the baseline), gzipped IDX, and the 60,000-row label-first CSV (about 110 MB).</summary>
/// <remarks>
/// The real files come from the cache that the tests use (<c>$NEURALNET_MNIST_CACHE</c>, else <c>~/.cache/neuralnet/mnist</c>),
/// fetched with <see cref="MnistDownloader"/> if missing. The gzipped copies and the CSV are generated once per run in a
/// temporary folder. Targets: raw IDX ≤ 100 ms, gzip ≤ 400 ms, CSV ≤ 1.5 s and within 3× of raw IDX's bytes per second
/// (the CSV file is 2.33 times the IDX images file, so within 7× of its time).
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
[MaxColumn]
public class DataLoadingBenchmarks
{
    private string _work = "";
    private MnistFiles _raw = null!;

    [GlobalSetup]
    public void Setup()
    {
        string cache = Environment.GetEnvironmentVariable("NEURALNET_MNIST_CACHE") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "neuralnet", "mnist");
        _raw = new MnistDownloader().EnsureAsync(cache).GetAwaiter().GetResult();
        _work = Directory.CreateTempSubdirectory("neuralnet-bench-data-").FullName;

        foreach (string path in new[] { _raw.TrainImages, _raw.TrainLabels })
        {
            using Stream source = File.OpenRead(path);
            using var target = new System.IO.Compression.GZipStream(File.Create(GzipPath(Path.GetFileName(path))), System.IO.Compression.CompressionLevel.Optimal);
            source.CopyTo(target);
        }

        Dataset raw = DatasetLoader.LoadIdx(_raw.TrainImages, _raw.TrainLabels, InputScaling.None);
        byte[] pixels = raw.Inputs.AsColumnMajorArray().Select(v => (byte)v).ToArray();
        CsvWriter.WritePixels(CsvPath, pixels, raw.FeatureCount, raw.Labels);
        Console.WriteLine($"// IDX images {new FileInfo(_raw.TrainImages).Length} bytes, gzip {new FileInfo(GzipPath(Mnist.TrainImagesFileName)).Length} bytes, CSV {new FileInfo(CsvPath).Length} bytes");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_work, recursive: true);

    [Benchmark(Baseline = true)]
    public Dataset Idx() => DatasetLoader.LoadIdx(_raw.TrainImages, _raw.TrainLabels, classCount: 10);

    [Benchmark]
    public Dataset IdxGzip() => DatasetLoader.LoadIdx(GzipPath(Mnist.TrainImagesFileName), GzipPath(Mnist.TrainLabelsFileName), classCount: 10);

    [Benchmark]
    public Dataset Csv() => DatasetLoader.LoadCsv(CsvPath, new CsvOptions { ClassCount = 10 });

    /// <summary>The CSV parsed in one part, as on a single-core machine (or for a gzipped CSV).</summary>
    [Benchmark]
    public Dataset CsvOneThread()
    {
        CsvLayoutScanner.ForcedParts = 1;
        try
        {
            return DatasetLoader.LoadCsv(CsvPath, new CsvOptions { ClassCount = 10 });
        }
        finally
        {
            CsvLayoutScanner.ForcedParts = null;
        }
    }

    /// <summary>The raw IDX files (after <see cref="Setup"/>).</summary>
    internal MnistFiles Raw => _raw;

    /// <summary>The 60,000-row CSV (after <see cref="Setup"/>).</summary>
    internal string CsvPath => Path.Combine(_work, "mnist_train.csv");

    /// <summary>The gzipped copy of the raw IDX file <paramref name="name"/> (after <see cref="Setup"/>).</summary>
    internal string GzipPath(string name) => Path.Combine(_work, name + ".gz");
}
