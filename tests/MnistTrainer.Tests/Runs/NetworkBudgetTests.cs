using MnistTrainer.Runs;
using MnistTrainer.Tests.Support;

namespace MnistTrainer.Tests.Runs;

/// <summary>Sizes that cannot exist are refused before anything is allocated, with a message about --layers; sizes that can, pass.</summary>
public sealed class NetworkBudgetTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Check_MatrixBeyondAnArray_IsRefusedNamingTheLayerAndItsWeights()
    {
        // 65,536 × 65,536 = 2^32: in 0.1.0 the element count wrapped to 0 and the process died with SIGSEGV.
        var act = () => NetworkBudget.Check([784, 65536, 65536, 10], [65536, 65536], 64, 60000, "adam");

        act.Should().Throw<UsageException>().WithMessage("--layers 65536,65536: the layer 65,536→65,536 would have 4,294,967,296 weights, more than one array can hold*");
    }

    [Fact]
    public void Check_BatchOfActivationsBeyondAnArray_IsRefusedNamingTheBatchSize()
    {
        var act = () => NetworkBudget.Check([784, 40000, 10], [40000], int.MaxValue, 60000, "sgd");

        act.Should().Throw<UsageException>().WithMessage("*batches of 60,000*40,000 units*2,400,000,000 activations*--batch-size*");
    }

    [Fact]
    public void Check_MoreMemoryThanTheProcessMayUse_IsRefusedWithBothFigures()
    {
        var act = () => NetworkBudget.Check([784, 4096, 4096, 10], [4096, 4096], 64, 60000, "adam", availableBytes: 100_000_000);

        act.Should().Throw<UsageException>().WithMessage("--layers 4096,4096 with batches of 64: training the network needs about 0.6* GB (20,037,642 parameters*but this process can use 0.1 GB*");
    }

    [Theory]
    [InlineData("sgd", 1)]
    [InlineData("adam", 3)]
    public void Check_OptimizerState_CountsInTheEstimate(string optimizer, int copies)
    {
        // 784-1000-10: 795,010 parameters. SGD keeps no state, Adam two values per parameter.
        long parameters = 795_010;
        long activations = (784 + 1000 + 10) * ((8 * 64) + (4 * 1024));
        long bytes = 4 * ((parameters * (2 + (copies - 1) + 2)) + activations);

        var fits = () => NetworkBudget.Check([784, 1000, 10], [1000], 64, 60000, optimizer, availableBytes: bytes);
        var short1 = () => NetworkBudget.Check([784, 1000, 10], [1000], 64, 60000, optimizer, availableBytes: bytes - 1);

        fits.Should().NotThrow();
        short1.Should().Throw<UsageException>();
    }

    [Fact]
    public void Check_TheDefaultNetworkOnMnist_Passes()
    {
        var act = () => NetworkBudget.Check([784, 256, 128, 10], [256, 128], 64, 55000, "adam");

        act.Should().NotThrow();
    }

    [Theory]
    [InlineData("65536,65536", "4,294,967,296 weights")]
    [InlineData("2147483647", "weights")]
    [InlineData("46000,46000,46000,46000,46000,46000,46000,46000,46000,46000,46000,46000,46000,46000,46000,46000,46000,46000,46000,46000,46000,46000,46000,46000,46000,46000,46000,46000,46000,46000", "GB")]
    public async Task Train_AbsurdLayers_ExitsTwoWithOneLineAboutLayersBeforeAllocating(string layers, string fact)
    {
        string csv = SyntheticDigits.WriteCsv(_folder.File("train.csv"), 40, seed: 61);

        CliResult result = await Cli.RunAsync("--train", csv, "--layers", layers, "--epochs", "1", "--output", _folder.File("run"));

        result.ExitCode.Should().Be(ExitCodes.Usage, result.ToString());
        result.ErrorLines.Should().ContainSingle().Which.Should().StartWith($"error: --layers {layers}").And.Contain(fact);
        Directory.Exists(_folder.File("run")).Should().BeFalse();
    }
}
