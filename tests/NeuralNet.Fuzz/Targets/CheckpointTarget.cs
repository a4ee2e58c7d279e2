using NeuralNet.Activations;
using NeuralNet.Data;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Schedules;
using NeuralNet.Training;

namespace NeuralNet.Fuzz.Targets;

/// <summary>Checkpoints: <see cref="Trainer.LoadCheckpoint(Stream)"/> on the input re-sealed (<see cref="Container.Seal"/>), so that mutations reach the body's parsers.</summary>
/// <remarks>A checkpoint that loads must save to one that loads and saves to the same bytes again.</remarks>
internal sealed class CheckpointTarget : FuzzTarget
{
    /// <inheritdoc />
    public override string Name => "checkpoint";

    /// <inheritdoc />
    public override string Reads => "Trainer.LoadCheckpoint(Stream) on re-sealed checkpoints, then a save and load round trip";

    /// <summary>Short runs that between them put every part of the format in a checkpoint: the six optimizers, the five schedules, early stopping with best weights, dropout, a cancelled epoch, regression.</summary>
    public static IEnumerable<(string Name, Trainer Trainer)> Trainers()
    {
        Dataset blobs = Blobs();
        Trainer Run(Network network, Loss loss, Optimizer optimizer, TrainerOptions options, Dataset? validation = null, int? cancelAfter = null)
        {
            var trainer = new Trainer(network, loss, optimizer, options);
            using var cancel = new CancellationTokenSource();
            var progress = new InlineProgress(p =>
            {
                if (p.Iterations == cancelAfter)
                {
                    cancel.Cancel();
                }
            });
            trainer.Fit(blobs, validation, progress, cancel.Token);
            return trainer;
        }

        yield return ("sgd-constant.nnc", Run(Network.Create([2, 3], seed: 1), new CrossEntropyLoss(), new Sgd(0.1f), new TrainerOptions { Epochs = 2, BatchSize = 4, Seed = 1 }));
        yield return ("momentum-step-dropout.nnc", Run(
            Network.Create([2, 4, 3], seed: 2, dropout: 0.2f),
            new CrossEntropyLoss(),
            new Momentum(0.05f, 0.9f, 0.1f),
            new TrainerOptions { Epochs = 2, BatchSize = 4, Seed = 2, Schedule = new StepDecay(1, 0.5f), WeightDecay = 1e-3f }));
        yield return ("nesterov-exp-midepoch.nnc", Run(
            Network.Create([2, 3], seed: 3),
            new CrossEntropyLoss(),
            new Nesterov(0.05f),
            new TrainerOptions { Epochs = 3, BatchSize = 4, Seed = 3, Schedule = new ExponentialDecay(0.9f), GradientClipNorm = 1f },
            cancelAfter: 5));
        yield return ("rmsprop-cosine-early.nnc", Run(
            Network.Create([2, 3, 3], seed: 4),
            new CrossEntropyLoss(),
            new RmsProp(0.01f, momentum: 0.5f),
            new TrainerOptions { Epochs = 3, BatchSize = 6, Seed = 4, Schedule = new CosineAnnealing(3, 0.001f, 1), EarlyStopping = new EarlyStopping(2, 1e-3) },
            validation: blobs));
        yield return ("adam-plateau-accuracy.nnc", Run(
            Network.Create([2, 3], seed: 5),
            new CrossEntropyLoss(),
            new Adam(0.01f),
            new TrainerOptions
            {
                Epochs = 2,
                Iterations = 5,
                BatchSize = 4,
                Shuffle = false,
                Seed = 5,
                Schedule = new ReduceOnPlateau(0.5f, 0),
                EarlyStopping = new EarlyStopping(3, 0, EarlyStoppingMetric.ValidationAccuracy, restoreBestWeights: false),
                CheckpointPath = "run-{epoch}.nnc", // kept in the checkpoint; without CheckpointEvery nothing is written there
                LossExplosionFactor = null,
            },
            validation: blobs));

        Matrix<float> targets = Matrix<float>.Build.Dense(1, blobs.Count, (_, j) => 0.1f * j);
        Trainer regression = new(Network.Create([2, 3, 1], new Relu(), new Identity(), seed: 6), new MeanSquaredErrorLoss(), new AdamW(0.01f), new TrainerOptions { Epochs = 1, BatchSize = 5, Seed = 6 });
        regression.Fit(Dataset.ForRegression(blobs.Inputs, targets));
        yield return ("adamw-regression.nnc", regression);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, byte[] Bytes)> Seeds() => Trainers().Select(t => (t.Name, Bytes(t.Trainer)));

    /// <summary>The bytes of <paramref name="trainer"/>'s checkpoint.</summary>
    public static byte[] Bytes(Trainer trainer)
    {
        using var stream = new MemoryStream();
        trainer.SaveCheckpoint(stream);
        return stream.ToArray();
    }

    /// <inheritdoc />
    protected override byte[] Prepare(byte[] input) => Container.Seal(input);

    /// <inheritdoc />
    protected override bool IsDocumented(Exception exception) => exception is InvalidCheckpointFileException;

    /// <inheritdoc />
    protected override void Read(byte[] file)
    {
        Trainer trainer = Trainer.LoadCheckpoint(new MemoryStream(file));
        byte[] saved = Bytes(trainer);
        Trainer again;
        try
        {
            again = Trainer.LoadCheckpoint(new MemoryStream(saved));
        }
        catch (InvalidCheckpointFileException ex)
        {
            throw new FuzzFindingException($"{Name}: the save of a loaded checkpoint does not load: {ex.Message}", ex);
        }

        Expect(Bytes(again).AsSpan().SequenceEqual(saved), "a loaded checkpoint saved, loaded and saved again gives other bytes.");
    }

    // Twelve points of three classes in two dimensions, far apart: a few batches learn something.
    private static Dataset Blobs()
    {
        float[,] centres = { { 0f, 0f }, { 3f, 0f }, { 0f, 3f } };
        Matrix<float> inputs = Matrix<float>.Build.Dense(2, 12, (i, j) => centres[j % 3, i] + (0.1f * ((j * 7) % 5)));
        return new Dataset(inputs, [.. Enumerable.Range(0, 12).Select(j => j % 3)], 3);
    }

    // Progress<T> reports on the thread pool; cancelling at an exact batch needs the report on the training thread.
    private sealed class InlineProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
