using System.Diagnostics;
using NeuralNet;
using NeuralNet.Data;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Preprocessing;
using NeuralNet.Serialization;
using NeuralNet.Training;

namespace DigitServer.Tests.Support;

/// <summary>A small model trained once, in a few seconds, on real MNIST, saved to a file the server loads; and the test digits.</summary>
/// <remarks>
/// The MNIST files come from the shared cache, <c>$NEURALNET_MNIST_CACHE</c> (CI sets it) or <c>~/.cache/neuralnet/mnist</c>;
/// a cold cache is filled through <see cref="MnistDownloader"/>, as the library's own tests do.
/// </remarks>
public sealed class TrainedDigitModel : IAsyncLifetime, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("digitserver-tests-").FullName;

    /// <summary>The model file.</summary>
    public string ModelPath => Path.Combine(_folder, "model.nnet");

    /// <summary>The trained network (the same weights as the file).</summary>
    public Network Network { get; private set; } = null!;

    /// <summary>The test images as raw 0–255 values, 784 per image, row by row.</summary>
    public byte[] TestPixels { get; private set; } = [];

    /// <summary>The test labels.</summary>
    public int[] TestLabels { get; private set; } = [];

    /// <summary>The model's accuracy on the first 2,000 test images.</summary>
    public double Accuracy { get; private set; }

    /// <summary>How long the training took.</summary>
    public TimeSpan TrainingTime { get; private set; }

    /// <summary>A scratch folder of the fixture.</summary>
    public string Folder => _folder;

    /// <summary>The raw pixels of test image <paramref name="index"/>.</summary>
    public float[] Pixels(int index) => TestPixels.AsSpan(index * 784, 784).ToArray().Select(b => (float)b).ToArray();

    public async Task InitializeAsync()
    {
        string cache = Environment.GetEnvironmentVariable("NEURALNET_MNIST_CACHE") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "neuralnet", "mnist");
        await new MnistDownloader().EnsureAsync(cache);
        (Dataset train, Dataset test) = Mnist.Load(cache);

        var clock = Stopwatch.StartNew();
        Dataset part = train.Subset(Enumerable.Range(0, 20_000).ToArray());
        Network = Network.Create([784, 64, 10], seed: 7);
        var trainer = new Trainer(Network, new CrossEntropyLoss(), new Adam(0.002f), new TrainerOptions { Epochs = 2, BatchSize = 64, Seed = 7 });
        trainer.Fit(part);
        TrainingTime = clock.Elapsed;
        Network.Save(ModelPath);

        Dataset firstTest = test.Subset(Enumerable.Range(0, 2_000).ToArray());
        Accuracy = Network.Evaluate(firstTest).Accuracy;
        Dataset raw = firstTest.WithScaling(InputScaling.None);
        TestPixels = raw.Inputs.AsColumnMajorArray().Select(v => (byte)Math.Round(v)).ToArray();
        TestLabels = raw.Labels.ToArray();
    }

    /// <summary>Test images the model classifies correctly with at least <paramref name="confidence"/>, the first <paramref name="count"/> of them.</summary>
    /// <param name="count">How many.</param>
    /// <param name="confidence">The least probability of the right class.</param>
    /// <param name="distinctLabels">Whether to take only the first such image of each label.</param>
    public int[] ConfidentlyRight(int count, float confidence, bool distinctLabels = false)
    {
        var chosen = new List<int>();
        var labels = new HashSet<int>();
        for (int i = 0; i < TestLabels.Length && chosen.Count < count; i++)
        {
            float[] probabilities = Network.PredictProbabilities(Pixels(i));
            int best = Array.IndexOf(probabilities, probabilities.Max());
            if (best == TestLabels[i] && probabilities[best] >= confidence && (!distinctLabels || labels.Add(best)))
            {
                chosen.Add(i);
            }
        }

        return chosen.ToArray();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open: the temporary folder is cleaned by the system later.
        }
    }
}

/// <summary>The tests that share <see cref="TrainedDigitModel"/>; they run one after another, so the load test has the machine to itself.</summary>
[CollectionDefinition(Name)]
public sealed class TrainedDigitModelCollection : ICollectionFixture<TrainedDigitModel>
{
    public const string Name = "trained digit model";
}
