using NeuralNet.Activations;
using NeuralNet.Compute;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Optimizers;
using NeuralNet.Preprocessing;
using NeuralNet.Randomness;
using NeuralNet.Tests.Training;
using NeuralNet.Training;

namespace NeuralNet.Tests.Compute;

// Switches the global backend, so it runs with the other backend tests, alone.
[Collection(nameof(GlobalBackend))]
public sealed class HotLoopAllocationTests : IDisposable
{
    public static TheoryData<string> LibraryBackends() => MatrixMultiplierTests.LibraryBackends();

    public void Dispose() => ComputeBackend.Reset();

    public static TheoryData<string, string> BackendsAndOptimizers()
    {
        var data = new TheoryData<string, string>();
        foreach (string backend in LibraryBackends())
        {
            foreach (string optimizer in new[] { "sgd", "momentum", "adam" })
            {
                data.Add(backend, optimizer);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BackendsAndOptimizers))]
    public void TrainingStep_AfterFirstStepForABatchSize_AllocatesNothing(string backend, string optimizer)
    {
        Select(backend);

        AllocatedByFiveSteps(Network.Create([784, 128, 10], seed: 1), Optimizer.FromName(optimizer, 0.01f))
            .Should().Be(0, $"a training step with {optimizer} on the {backend} backend reuses its buffers and the optimizer's state");
    }

    [Theory]
    [MemberData(nameof(BackendsAndOptimizers))]
    public void Fit_BatchesAfterTheFirst_AllocateNothing(string backend, string optimizer)
    {
        Select(backend);
        var random = new Random(4);
        var data = new Dataset(
            Matrix<float>.Build.Dense(784, 64 * 30, (_, _) => random.NextDouble() < 0.8 ? 0f : (float)random.NextDouble()),
            Enumerable.Range(0, 64 * 30).Select(j => j % 10).ToArray(),
            10);
        var trainer = new Trainer(Network.Create([784, 128, 10], seed: 1), new CrossEntropyLoss(), Optimizer.FromName(optimizer, 0.01f), new TrainerOptions { Epochs = 1, BatchSize = 64 });
        long atBatch5 = 0;
        long atBatch25 = 0;
        var progress = new SynchronousProgress(p =>
        {
            if (p.Iterations == 5)
            {
                atBatch5 = AllocatedSoFar();
            }
            else if (p.Iterations == 25)
            {
                atBatch25 = GC.GetAllocatedBytesForCurrentThread();
            }
        });

        trainer.Fit(data, progress: progress);

        // Twenty batches in the middle of an epoch: gather, forward, loss and accuracy, backward, step, finiteness check.
        // (The divergence snapshot every 64 batches copies into buffers made when the trainer was.)
        (atBatch25 - atBatch5).Should().Be(0, $"Trainer.Fit with {optimizer} on the {backend} backend allocates nothing per batch");
    }

    [Theory]
    [MemberData(nameof(LibraryBackends))]
    public void TrainingStepWithDropout_AfterFirstStepForABatchSize_AllocatesNothing(string backend)
    {
        Select(backend);
        Network network = Network.Create([784, 128, 64, 10], seed: 1, dropout: 0.5f);

        AllocatedByFiveSteps(network).Should().Be(0, $"a training step with dropout on the {backend} backend reuses its masks and buffers");
    }

    [Theory]
    [MemberData(nameof(BackendsAndOptimizers))]
    public void CnnTrainingStep_AfterFirstStepForABatchSize_AllocatesNothing(string backend, string optimizer)
    {
        Select(backend);

        AllocatedByFiveSteps(Cnn(), Optimizer.FromName(optimizer, 0.01f))
            .Should().Be(0, $"a CNN training step with {optimizer} on the {backend} backend reuses its im2col scratch, argmax indices and statistics");
    }

    [Theory]
    [MemberData(nameof(LibraryBackends))]
    public void CnnPredict_BatchOfSeenSizeAndSingleSample_AllocateNothing(string backend)
    {
        // Inference rents its im2col scratch from the shared array pool: after the first calls the pool has it.
        Select(backend);
        Network network = Cnn();
        network.InputScaling = InputScaling.UnitRange;
        var random = new Random(3);
        Matrix<float> batch = Matrix<float>.Build.Dense(784, 100, (_, _) => random.Next(256));
        float[] sample = batch.Column(0).ToArray();
        var classes = new int[100];
        for (int i = 0; i < 3; i++)
        {
            network.Predict(batch, classes);
            network.Predict(sample);
        }

        long before = AllocatedSoFar();
        for (int i = 0; i < 5; i++)
        {
            network.Predict(batch, classes);
            network.Predict(sample);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0, $"CNN prediction on the {backend} backend allocates nothing once warm");
    }

    [Theory]
    [MemberData(nameof(LibraryBackends))]
    public void Predict_BatchOfSeenSizeAndSingleSample_AllocateNothing(string backend)
    {
        Select(backend);
        Network network = Network.Create([784, 128, 10], seed: 1);
        network.InputScaling = InputScaling.UnitRange;
        var random = new Random(3);
        Matrix<float> dense = Matrix<float>.Build.Dense(784, 300, (_, _) => random.Next(256));
        Matrix<float> pictures = SparseProductChecks.Pictures(random, 784, 300, specials: false); // the sparse kernels' path
        foreach (Matrix<float> batch in new[] { dense, pictures })
        {
            float[] sample = batch.Column(0).ToArray();
            var classes = new int[300];
            var probabilities = new float[10];
            network.Predict(batch, classes);
            network.Predict(sample);
            network.PredictProbabilities(sample, probabilities);

            long before = AllocatedSoFar();
            for (int i = 0; i < 5; i++)
            {
                network.Predict(batch, classes);
                network.Predict(sample);
                network.PredictProbabilities(sample, probabilities);
            }

            (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0, $"prediction on the {backend} backend reuses pooled workspaces (no 784x1 matrix per sample)");
        }
    }

    [Fact]
    public void MathNetProvider_Multiply_AllocatesOnEveryCall()
    {
        // Why the managed fallback is the library's own kernel: MathNet 5's in-place multiply still allocates.
        Matrix<float> a = Matrix<float>.Build.Dense(128, 784, 0.5f);
        Matrix<float> b = Matrix<float>.Build.Dense(784, 64, 0.5f);
        Matrix<float> c = Matrix<float>.Build.Dense(128, 64);
        MathNetMatrixMultiplier.Instance.Multiply(a, b, c);
        MatrixMultiplier kernel = new ManagedKernelMultiplier(1);
        kernel.Multiply(a, b, c);

        long before = GC.GetAllocatedBytesForCurrentThread();
        MathNetMatrixMultiplier.Instance.Multiply(a, b, c);
        long mathNet = GC.GetAllocatedBytesForCurrentThread() - before;

        before = GC.GetAllocatedBytesForCurrentThread();
        kernel.Multiply(a, b, c);
        long own = GC.GetAllocatedBytesForCurrentThread() - before;

        mathNet.Should().BePositive();
        own.Should().Be(0);
    }

    /// <summary>conv 5×5 (pad 2) → max-pool 2 → batch norm → conv 3×3 (stride 2) → average pool → dense 10 on MNIST-shaped input.</summary>
    private static Network Cnn()
    {
        var random = new SeededRandom(5);
        var conv1 = new Conv2D(new SampleShape(1, 28, 28), 8, 5, new Relu(), padding: 2, random: random);
        var pool = new MaxPool2D(conv1.OutputShape, 2);
        var norm = new BatchNorm(pool.OutputShape);
        var conv2 = new Conv2D(pool.OutputShape, 16, 3, new Tanh(), stride: 2, random: random);
        var average = new AveragePool2D(conv2.OutputShape, 2);
        return new Network(conv1, pool, norm, conv2, average, new DenseLayer(average.OutputSize, 10, new Softmax(), random: random));
    }

    /// <summary>Runs two warm-up training steps on each of two 64-sample batches (dense inputs, and MNIST-like ones that take the sparse kernels), then returns the bytes five more of each allocate.</summary>
    private static long AllocatedByFiveSteps(Network network, Optimizer? optimizer = null)
    {
        var random = new Random(2);
        Matrix<float> dense = Matrix<float>.Build.Dense(784, 64, (_, _) => (float)random.NextDouble());
        Matrix<float> sparse = Matrix<float>.Build.Dense(784, 64, (_, _) => random.NextDouble() < 0.8 ? 0f : (float)random.NextDouble());
        Matrix<float> y = Matrix<float>.Build.Dense(10, 64, (i, j) => i == j % 10 ? 1f : 0f);
        var loss = new CrossEntropyLoss();
        optimizer ??= new Sgd(0.01f);
        Matrix<float>[] batches = [dense, sparse];
        void Step()
        {
            foreach (Matrix<float> x in batches)
            {
                network.Forward(x);
                network.Backward(loss, y);
                optimizer.Step(network.Parameters);
            }
        }

        Step();
        Step();
        long before = AllocatedSoFar();
        for (int i = 0; i < 5; i++)
        {
            Step();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>This thread's allocated bytes, read after a blocking collection.</summary>
    /// <remarks>
    /// While a background collection from earlier tests' allocations is still running, the per-thread count moves by a
    /// few kilobytes with nothing allocated on this thread (measured: about one run in five failed here, none with
    /// <c>DOTNET_gcConcurrent=0</c>). A blocking collection first lets the count mean what it says.
    /// </remarks>
    private static long AllocatedSoFar()
    {
        GC.Collect();
        return GC.GetAllocatedBytesForCurrentThread();
    }

    private static void Select(string backend)
    {
        if (backend == "native")
        {
            ComputeBackend.UseNative();
        }
        else
        {
            ComputeBackend.UseManaged();
        }
    }
}
