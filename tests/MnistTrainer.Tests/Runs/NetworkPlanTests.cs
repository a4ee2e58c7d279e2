using MnistTrainer.Options;
using MnistTrainer.Runs;
using NeuralNet;
using NeuralNet.Activations;
using NeuralNet.Initializers;
using NeuralNet.Layers;

namespace MnistTrainer.Tests.Runs;

/// <summary>The network <c>--layers</c> describes: its shapes worked out before anything exists, what does not fit refused naming the item, and the network built as planned.</summary>
public sealed class NetworkPlanTests
{
    [Fact]
    public void For_TheIssuesExample_GivesTheShapesOfEachLayer()
    {
        NetworkPlan plan = NetworkPlan.For(Parse("conv:32x5,pool:2,conv:64x5,pool:2,128"), 784, 10);

        plan.Input.Should().Be(new SampleShape(1, 28, 28));
        plan.Layers.Select(l => l.Output.ToString()).Should().Equal("32×28×28", "32×14×14", "64×14×14", "64×7×7", "128", "10");
        plan.Layers.Sum(l => l.Parameters).Should().Be((25 * 32) + 32 + (800 * 64) + 64 + (3136 * 128) + 128 + (128 * 10) + 10);
    }

    [Fact]
    public void Build_CnnPlan_BuildsTheLayersAsPlanned()
    {
        NetworkPlan plan = NetworkPlan.For(Parse("conv:8x3/s2,bn,avgpool:3/s1,conv:4x4,pool:2,bn,16,bn,12"), 784, 10);

        Network network = plan.Build(new Tanh(), Initializer.He, seed: 3, dropout: 0.25f);

        network.ToString().Should().Be("Network(1×28×28 → conv 8×3×3 stride 2 pad 1 → bn → avgpool 3 stride 1 → conv 4×4×4 → pool 2 → bn → 16 → dropout 0.25 → bn → 12 → dropout 0.25 → 10)");
        network.Layers.Select(l => l.OutputShape).Should().Equal(
            plan.Layers.SelectMany(l => l.Spec.Kind == LayerKind.Dense && l.Item != 0 ? new[] { l.Output, l.Output } : [l.Output]));
        network.ParameterCount.Should().Be(plan.Layers.Sum(l => l.Parameters));
        ((Conv2D)network.Layers[0]).Activation.Should().BeOfType<Tanh>();
        ((DenseLayer)network.Layers[^1]).Activation.Should().BeOfType<Softmax>();
    }

    [Fact]
    public void Build_DenseOnlyPlan_IsTheNetworkCreateGivesForTheSameSeed()
    {
        // Dense-only runs keep the weights they always had: the same seed, the same network.
        Network planned = NetworkPlan.For(Parse("64,32"), 784, 10).Build(new Relu(), Initializer.He, seed: 5, dropout: 0.5f);
        Network created = Network.Create([784, 64, 32, 10], new Relu(), new Softmax(), Initializer.He, seed: 5, dropout: 0.5f);

        planned.ToString().Should().Be(created.ToString());
        planned.Parameters.Select(p => p.ValueSpan.ToArray()).Should().BeEquivalentTo(created.Parameters.Select(p => p.ValueSpan.ToArray()), o => o.WithStrictOrdering());
    }

    [Fact]
    public void Build_SameSeed_GivesTheSameCnnAndAnotherSeedAnother()
    {
        NetworkPlan plan = NetworkPlan.For(Parse("conv:4x3,pool:2,8"), 784, 3);

        float[] a = plan.Build(new Relu(), Initializer.He, 1, 0f).Parameters[0].ValueSpan.ToArray();
        float[] b = plan.Build(new Relu(), Initializer.He, 1, 0f).Parameters[0].ValueSpan.ToArray();
        float[] c = plan.Build(new Relu(), Initializer.He, 2, 0f).Parameters[0].ValueSpan.ToArray();

        a.Should().Equal(b);
        a.Should().NotEqual(c);
    }

    [Fact]
    public void For_ImageLayersOnDataThatAreNotImages_IsRefusedWithAHint()
    {
        Action plan = () => NetworkPlan.For(Parse("conv:8x3,pool:2"), 13, 2);

        plan.Should().Throw<UsageException>()
            .WithMessage("--layers conv:8x3,pool:2: convolution and pooling layers read each sample as an image*784 features*28×28*has 13 features*--layers 128,64*");
    }

    [Fact]
    public void For_BatchNormOnFlatData_NeedsNoImages()
    {
        NetworkPlan plan = NetworkPlan.For(Parse("bn,16,bn"), 13, 2);

        plan.Layers.Select(l => l.Output.ToString()).Should().Equal("13", "16", "16", "2");
    }

    [Theory]
    [InlineData("conv:8x31/p1", "item 1 (conv:8x31/p1) has a 31×31 kernel, which does not fit in its 1×28×28 input padded by 1 (30×30)")]
    [InlineData("pool:2,pool:2,pool:2,pool:2,pool:2", "item 5 (pool:2) has 2×2 windows, which do not fit in its 1×1×1 input")]
    [InlineData("conv:4x3/p2000000000", "item 1 (conv:4x3/p2000000000) pads its 1×28×28 input by 2000000000 on each side*more than one sample may hold")]
    [InlineData("conv:4000000x3", "item 1 (conv:4000000x3) would output 4,000,000×28×28 values per sample, more than one sample may hold")]
    public void For_ALayerThatDoesNotFit_IsRefusedNamingTheItem(string layers, string fact)
    {
        Action plan = () => NetworkPlan.For(Parse(layers), 784, 10);

        plan.Should().Throw<UsageException>().WithMessage($"--layers {layers}: {fact}*");
    }

    [Fact]
    public void Check_ConvWeightsBeyondAnArray_AreRefusedBeforeAllocating()
    {
        NetworkPlan plan = NetworkPlan.For(Parse("conv:2000x3/s28,conv:2000000x1"), 784, 10);

        Action check = () => NetworkBudget.Check(plan, 64, 60000, "adam");

        plan.Layers[1].Weights.Should().Be(4_000_000_000L);
        check.Should().Throw<UsageException>().WithMessage("--layers conv:2000x3/s28,conv:2000000x1: item 2 (conv:2000000x1) would have 4,000,000,000 weights, more than one array can hold*");
    }

    [Fact]
    public void Check_LoweredSampleBeyondAnArray_IsRefusedNamingTheKernel()
    {
        // A 28×28 output under a 27×27 kernel over 4,000 channels: 784 × 2,916,000 values per sample once lowered.
        NetworkPlan plan = NetworkPlan.For(Parse("conv:4000x3,conv:1x27/p13"), 784, 10);

        Action check = () => NetworkBudget.Check(plan, 1, 60000, "sgd");

        check.Should().Throw<UsageException>().WithMessage("*item 2 (conv:1x27) would lower each sample to 2,286,144,000 values*");
    }

    [Fact]
    public void Check_ConvActivationsBeyondAnArray_AreRefusedNamingTheBatchSize()
    {
        NetworkPlan plan = NetworkPlan.For(Parse("conv:512x3"), 784, 10);

        Action check = () => NetworkBudget.Check(plan, 8192, 60000, "adam");

        check.Should().Throw<UsageException>().WithMessage("--layers conv:512x3 with batches of 8,192: item 1 (conv:512x3), 401,408 values per sample, would hold 3,288,334,336 activations per batch*--batch-size*");
    }

    [Fact]
    public void Check_TheDefaultCnnOnMnist_Passes()
    {
        NetworkPlan plan = NetworkPlan.For(ModelPreset.Cnn.Layers, 784, 10, "--model cnn");

        Action check = () => NetworkBudget.Check(plan, 64, 55000, "adam");

        check.Should().NotThrow();
    }

    [Fact]
    public void Check_CnnBeyondTheMemory_IsRefusedWithBothFigures()
    {
        NetworkPlan plan = NetworkPlan.For(ModelPreset.Cnn.Layers, 784, 10, "--model cnn");

        Action check = () => NetworkBudget.Check(plan, 64, 55000, "adam", availableBytes: 10_000_000);

        check.Should().Throw<UsageException>().WithMessage("--model cnn with batches of 64: training the network needs about * GB (215,370 parameters*but this process can use 0.01 GB*");
    }

    private static LayerSpec[] Parse(string text)
    {
        LayerSpec.TryParseList(text, out LayerSpec[] specs, out string problem).Should().BeTrue(problem);
        return specs;
    }
}
