using System.Diagnostics;
using NeuralNet.Activations;
using NeuralNet.Compute;
using NeuralNet.Data;
using NeuralNet.Layers;

namespace NeuralNet.Tests.Compute;

/// <summary>One size rule for every size a user or a file gives: checked 64-bit arithmetic, one array at most, no more memory than the machine has.</summary>
public sealed class ElementBudgetTests
{
    [Fact]
    public void Problem_ProductOverflowing64Bits_IsRefusedWithoutWrapping()
    {
        ElementBudget.Problem(long.MaxValue / 2, 3, out int elements).Should().Contain("overflow 64 bits");
        elements.Should().Be(0);
    }

    [Fact]
    public void Problem_MoreThanOneArray_NamesTheSizesTheCountAndTheBytes()
    {
        ElementBudget.Problem(100_000, 100_000, out _).Should().Contain("100000 x 100000 = 10000000000 elements").And.Contain("40000000000 bytes").And.Contain($"{Array.MaxLength}");
    }

    [Fact]
    public void Problem_FitsAnArrayButNotTheMachine_NamesTheMemory()
    {
        long rows = Array.MaxLength / 2;
        ElementBudget.Problem(rows, 2, out _, elementSize: 1 << 20).Should().Contain("of memory this machine has");
    }

    [Fact]
    public void Problem_SmallBlock_GivesItsCount()
    {
        ElementBudget.Problem(784, 60_000, out int elements).Should().BeNull();
        elements.Should().Be(784 * 60_000);
    }

    [Fact]
    public void NetworkCreate_HugeHiddenLayers_ThrowsQuicklyNamingTheLayerAndTheBytes()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        Action act = () => Network.Create([784, 100_000, 100_000, 10]);

        act.Should().Throw<ArgumentException>().WithMessage("Layer 2 (100000->100000)*10000100000 elements*bytes*").Which.ParamName.Should().Be("sizes");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20, "nothing is allocated before the sizes are checked");
    }

    [Fact]
    public void NetworkCreate_LayersThatFitOneArrayButNotMemoryTogether_Throws()
    {
        // 40,000 x 40,000 weights fit one array (1.6e9 < 2^31) but a few of them with their gradients exceed any machine here.
        Action act = () => Network.Create([40_000, 40_000, 40_000, 40_000, 40_000, 40_000, 10]);

        act.Should().Throw<ArgumentException>().WithMessage("*bytes*memory this machine has*");
    }

    [Fact]
    public void DenseLayer_HugeWeights_ThrowsArgumentExceptionNamingTheLayer()
    {
        Action act = () => _ = new DenseLayer(1_000_000, 1_000_000, new Relu());

        act.Should().Throw<ArgumentException>().WithMessage("DenseLayer(1000000->1000000)'s weights*1000000000000 elements*");
    }

    [Fact]
    public void Parameter_HugeShape_ThrowsArgumentExceptionNamingIt()
    {
        Action act = () => _ = new Parameter("weights", 3_000_000, 3_000);

        act.Should().Throw<ArgumentException>().WithMessage("Parameter 'weights' (3000000x3000)*9000000000 elements*");
    }

    [Fact]
    public void DatasetFromRows_SizesWithinTheRule_AreAccepted()
    {
        Dataset.FromRows([new float[] { 1, 2 }, new float[] { 3, 4 }], [0, 1]).Count.Should().Be(2);
    }
}
