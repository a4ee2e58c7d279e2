using CsCheck;
using NeuralNet.Activations;
using NeuralNet.Data;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Randomness;
using NeuralNet.Schedules;
using NeuralNet.Tests.Serialization;
using NeuralNet.Training;

namespace NeuralNet.Tests.Training;

/// <summary>Property tests of the checkpoint codec: generated runs (every optimizer and schedule, early stopping, dropout, regression, stopped mid-epoch) round-trip exactly, and every mutation of their checkpoints either loads to a trainer whose save is a fixed point or throws <see cref="InvalidCheckpointFileException"/>, within bounded memory and time.</summary>
/// <remarks>Case counts: <see cref="PropertyRuns"/>. The fuzz harness (tests/NeuralNet.Fuzz, target <c>checkpoint</c>) searches the same space with coverage feedback.</remarks>
public sealed class CheckpointPropertyTests
{
    private static readonly Gen<OptimizerSpec> Optimizers =
        Gen.Select(Gen.Int[0, 5], Gen.Float[0.001f, 0.3f], Gen.Float[0.05f, 0.95f], Gen.Float[0f, 0.999f], Gen.Float[0f, 1e-3f], Gen.Float[0f, 0.05f])
            .Select((kind, rate, a, b, epsilon, decay) => new OptimizerSpec(kind, rate, a, b, epsilon, decay));

    private static readonly Gen<ScheduleSpec> Schedules =
        Gen.Select(Gen.Int[0, 4], Gen.Int[1, 3], Gen.Float[0.05f, 1f], Gen.Int[0, 2], Gen.Double[0, 0.5])
            .Select((kind, epochs, factor, warmup, delta) => new ScheduleSpec(kind, epochs, factor, warmup, delta));

    private static readonly Gen<OptionsSpec> Options =
        Gen.Select(Gen.Int[1, 4], Gen.Int[0, 12], Gen.Int[1, 9], Gen.Bool, Gen.Int, Gen.Float[0f, 0.01f], Gen.Float[0f, 5f], Gen.Int[0, 6])
            .Select((epochs, iterations, batch, shuffle, seed, decay, clip, early) => new OptionsSpec(epochs, iterations, batch, shuffle, seed, decay, clip, early));

    /// <summary>Runs of small networks on 4-12 samples, cancelled after 1-15 batches or not at all.</summary>
    internal static Gen<RunSpec> Runs { get; } =
        Gen.Select(
            Gen.Int[1, 4], Gen.Int[0, 5], Gen.Int[1, 4], Gen.Int[0, 4], Gen.Float[0f, 0.9f].Nullable(), Gen.Bool, Optimizers, Schedules, Options, Gen.Int[4, 12], Gen.Int[0, 15], Gen.Int, Gen.Bool,
            (inputs, hidden, outputs, activation, dropout, regression, optimizer, schedule, options, samples, cancelAfter, seed, validate) =>
                new RunSpec(inputs, hidden, outputs, activation, dropout, regression, optimizer, schedule, options, samples, cancelAfter, seed, validate));

    [Fact]
    public void SaveThenLoad_GeneratedRuns_RestoreEveryPartExactly()
    {
        Runs.Sample(spec =>
        {
            Trainer trainer = spec.Train();
            byte[] file = Bytes(trainer);

            Trainer loaded = Trainer.LoadCheckpoint(new MemoryStream(file));

            ModelFilePropertyTests.Describe(loaded.Network).Should().Be(ModelFilePropertyTests.Describe(trainer.Network));
            TestModels.ParameterBits(loaded.Network).Should().Equal(TestModels.ParameterBits(trainer.Network));
            loaded.Loss.GetType().Should().Be(trainer.Loss.GetType());
            loaded.Optimizer.GetType().Should().Be(trainer.Optimizer.GetType());
            OptimizerState(loaded).Should().Equal(OptimizerState(trainer));
            loaded.Options.Should().Be(trainer.Options with { Schedule = loaded.Options.Schedule });
            loaded.Options.Schedule.ToString().Should().Be(trainer.Options.Schedule.ToString());
            (loaded.CompletedEpochs, loaded.CompletedIterations, loaded.IsFinished).Should().Be((trainer.CompletedEpochs, trainer.CompletedIterations, trainer.IsFinished));
            loaded.History.Epochs.Should().Equal(trainer.History.Epochs);
            (loaded.History.StopReason, loaded.History.BestEpoch).Should().Be((trainer.History.StopReason, trainer.History.BestEpoch));
            Bytes(loaded).Should().Equal(file, "a loaded trainer saves to the checkpoint it was loaded from");
            FileLayout.Checkpoint(file).Fields[^1].Offset.Should().Be(file.Length - 4, "the checkpoint is laid out as docs/model-format.md says");
        }, iter: PropertyRuns.Iterations(60));
    }

    [Fact]
    public void Load_MutatedCheckpoints_LoadToAFixedPointOrThrowTheDocumentedException()
    {
        Gen.Select(Runs, FileMutation.Any).Sample((spec, mutation) =>
        {
            byte[] valid = Bytes(spec.Train());
            byte[] file = mutation.Apply(valid, FileLayout.Checkpoint(valid));

            (Trainer? loaded, Exception? error) = PropertyRuns.Bounded(file.Length, () => Trainer.LoadCheckpoint(new MemoryStream(file)));

            if (error is not null)
            {
                error.Should().BeOfType<InvalidCheckpointFileException>($"a damaged checkpoint is refused with the documented exception, not {error}");
                error.Message.Should().StartWith("The stream cannot be loaded as a NeuralNet checkpoint");
                return;
            }

            byte[] saved = Bytes(loaded!);
            Trainer again = Trainer.LoadCheckpoint(new MemoryStream(saved));
            Bytes(again).Should().Equal(saved, "what a checkpoint says is what its save says again");
            if (mutation.Kind == 0)
            {
                saved.Should().Equal(valid);
            }
        }, iter: PropertyRuns.Iterations(600));
    }

    private static byte[] Bytes(Trainer trainer)
    {
        using var stream = new MemoryStream();
        trainer.SaveCheckpoint(stream);
        return stream.ToArray();
    }

    // Every parameter's state as text: whether it has any, its step count and the bits of its buffers.
    private static string[] OptimizerState(Trainer trainer) =>
        [
            $"steps {trainer.Optimizer.Steps}, {trainer.Optimizer}",
            .. trainer.Network.Parameters.Select(p => trainer.Optimizer.HasState(p)
                ? $"{trainer.Optimizer.StateOf(p).Steps}: {string.Join(",", trainer.Optimizer.StateOf(p).Buffers.SelectMany(b => TestModels.Bits(b)))}"
                : "none"),
        ];

    /// <summary>An optimizer (index into the six) and its settings: a is momentum, alpha or β1; b dampening or β2.</summary>
    internal sealed record OptimizerSpec(int Kind, float Rate, float A, float B, float Epsilon, float Decay)
    {
        public Optimizer Create() => Kind switch
        {
            0 => new Sgd(Rate),
            1 => new Momentum(Rate, A, B),
            2 => new Nesterov(Rate, A),
            3 => new RmsProp(Rate, A, Epsilon, B / 2),
            4 => new Adam(Rate, A, B, Epsilon),
            _ => new AdamW(Rate, A, B, Epsilon, Decay),
        };
    }

    /// <summary>A schedule (index into the five) and its settings.</summary>
    internal sealed record ScheduleSpec(int Kind, int Epochs, float Factor, int Warmup, double Delta)
    {
        public LearningRateSchedule Create(float rate) => Kind switch
        {
            0 => LearningRateSchedule.Constant,
            1 => new StepDecay(Epochs, Factor),
            2 => new ExponentialDecay(Factor),
            3 => new CosineAnnealing(Epochs, rate * Factor / 2, Warmup),
            _ => new ReduceOnPlateau(Math.Min(Factor, 0.99f), Warmup, Delta, rate * Factor / 10),
        };
    }

    /// <summary>The options: <c>Iterations</c> 0 is none, <c>Batch</c> 9 is the full batch, <c>Clip</c> 0 is none; <c>Early</c> 0-2 no early stopping, 3-6 a rule (odd: on accuracy, above 4: restoring the best weights).</summary>
    internal sealed record OptionsSpec(int Epochs, int Iterations, int Batch, bool Shuffle, int Seed, float Decay, float Clip, int Early);

    /// <summary>A run: the network, regression or classes, optimizer, schedule, options, samples, and after how many batches it is cancelled (0: never).</summary>
    internal sealed record RunSpec(
        int Inputs, int Hidden, int Outputs, int Activation, float? Dropout, bool Regression, OptimizerSpec Optimizer, ScheduleSpec Schedule, OptionsSpec Options, int Samples, int CancelAfter, int Seed, bool Validate)
    {
        /// <summary>Builds the trainer and runs it (cancelled where the spec says; a diverging run stops where it diverged).</summary>
        public Trainer Train()
        {
            int outputs = Regression ? Math.Min(Outputs, 2) : Outputs + 1;
            Activation hidden = Activation switch { 0 => new Relu(), 1 => new LeakyRelu(0.1f), 2 => new Tanh(), 3 => new Sigmoid(), _ => new Identity() };
            Activation output = Regression ? new Identity() : new Softmax();
            int[] sizes = Hidden == 0 ? [Inputs, outputs] : [Inputs, Hidden, outputs];
            Network network = Network.Create(sizes, hidden, output, seed: Seed, dropout: Dropout ?? 0f);
            Optimizer optimizer = Optimizer.Create();
            OptionsSpec o = Options;
            bool early = o.Early >= 3;
            var options = new TrainerOptions
            {
                Epochs = o.Epochs,
                Iterations = o.Iterations == 0 ? null : o.Iterations,
                BatchSize = o.Batch == 9 ? TrainerOptions.FullBatch : o.Batch,
                Shuffle = o.Shuffle,
                Seed = o.Seed,
                WeightDecay = o.Decay,
                GradientClipNorm = o.Clip < 0.5f ? null : o.Clip,
                Schedule = Schedule.Create(optimizer.LearningRate),
                EarlyStopping = early ? new EarlyStopping(o.Early - 2, o.Decay, o.Early % 2 == 1 && !Regression ? EarlyStoppingMetric.ValidationAccuracy : EarlyStoppingMetric.ValidationLoss, restoreBestWeights: o.Early > 4) : null,
                LossExplosionFactor = o.Early == 0 ? null : 2 + o.Early,

                // A cancelled run writes a checkpoint at its path, so only runs that are not cancelled name one.
                CheckpointPath = CancelAfter == 0 && o.Shuffle ? "runs/checkpoint-{epoch}.nnc" : null,
            };
            var trainer = new Trainer(network, Regression ? new MeanSquaredErrorLoss() : new CrossEntropyLoss(), optimizer, options);
            Dataset data = Data(outputs);
            using var cancel = new CancellationTokenSource();
            try
            {
                trainer.Fit(data, early || Validate ? data : null, new SynchronousProgress(p =>
                {
                    if (p.Iterations == CancelAfter)
                    {
                        cancel.Cancel();
                    }
                }), cancel.Token);
            }
            catch (TrainingDivergedException)
            {
                // A diverged run is saved as it stopped, as the trainer leaves it.
            }

            return trainer;
        }

        private Dataset Data(int outputs)
        {
            var random = new SeededRandom(Seed);
            Matrix<float> inputs = Matrix<float>.Build.Dense(Inputs, Samples, (_, _) => (float)random.NextGaussian());
            if (Regression)
            {
                return Dataset.ForRegression(inputs, Matrix<float>.Build.Dense(outputs, Samples, (i, j) => inputs[0, j] + i));
            }

            return new Dataset(inputs, [.. Enumerable.Range(0, Samples).Select(j => j % outputs)], outputs);
        }
    }
}
