using System.Numerics.Tensors;
using NeuralNet.Compute;
using NeuralNet.Data;
using NeuralNet.Losses;

namespace NeuralNet.Tests.Compute;

// Switches the global backend, so it runs with the other backend tests, alone.
[Collection(nameof(GlobalBackend))]
public sealed class HotLoopAllocationTests : IDisposable
{
    public static TheoryData<string> LibraryBackends() => MatrixMultiplierTests.LibraryBackends();

    public void Dispose() => ComputeBackend.Reset();

    [Theory]
    [MemberData(nameof(LibraryBackends))]
    public void TrainingStep_AfterFirstStepForABatchSize_AllocatesNothing(string backend)
    {
        Select(backend);

        AllocatedByFiveSteps(Network.Create([784, 128, 10], seed: 1)).Should().Be(0, $"a training step on the {backend} backend reuses its buffers");
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
    [MemberData(nameof(LibraryBackends))]
    public void Predict_BatchOfSeenSizeAndSingleSample_AllocateNothing(string backend)
    {
        Select(backend);
        Network network = Network.Create([784, 128, 10], seed: 1);
        network.InputScaling = InputScaling.UnitRange;
        var random = new Random(3);
        Matrix<float> batch = Matrix<float>.Build.Dense(784, 300, (_, _) => random.Next(256));
        float[] sample = batch.Column(0).ToArray();
        var classes = new int[300];
        var probabilities = new float[10];
        network.Predict(batch, classes);
        network.Predict(sample);
        network.PredictProbabilities(sample, probabilities);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            network.Predict(batch, classes);
            network.Predict(sample);
            network.PredictProbabilities(sample, probabilities);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0, $"prediction on the {backend} backend reuses pooled workspaces (no 784x1 matrix per sample)");
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

    /// <summary>Runs two warm-up training steps on a 64-sample batch, then returns the bytes five more allocate.</summary>
    private static long AllocatedByFiveSteps(Network network)
    {
        var random = new Random(2);
        Matrix<float> x = Matrix<float>.Build.Dense(784, 64, (_, _) => (float)random.NextDouble());
        Matrix<float> y = Matrix<float>.Build.Dense(10, 64, (i, j) => i == j % 10 ? 1f : 0f);
        var loss = new CrossEntropyLoss();
        void Step()
        {
            network.Forward(x);
            network.Backward(loss, y);
            // An indexed loop: foreach over IReadOnlyList boxes an enumerator (32 B per step).
            for (int i = 0; i < network.Parameters.Count; i++)
            {
                Span<float> value = network.Parameters[i].ValueSpan;
                TensorPrimitives.MultiplyAdd(network.Parameters[i].GradientSpan, -0.01f, value, value);
            }
        }

        Step();
        Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            Step();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
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
