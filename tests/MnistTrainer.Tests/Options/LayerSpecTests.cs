using MnistTrainer.Options;

namespace MnistTrainer.Tests.Options;

/// <summary>The grammar of <c>--layers</c>: every form reads as documented, prints back in its shortest form, and every malformed item is named with what is wrong.</summary>
public sealed class LayerSpecTests
{
    [Theory]
    [InlineData("128", "Dense", 128, 0, 1, 0)]
    [InlineData("conv:32x5", "Conv", 32, 5, 1, 2)]
    [InlineData("CONV:32X3", "Conv", 32, 3, 1, 1)]
    [InlineData("conv:8×7", "Conv", 8, 7, 1, 3)]
    [InlineData("conv:16x4", "Conv", 16, 4, 1, 0)]
    [InlineData("conv:16x3/s2", "Conv", 16, 3, 2, 1)]
    [InlineData("conv:16x3/p0/s2", "Conv", 16, 3, 2, 0)]
    [InlineData(" conv:1x1/s3/p4 ", "Conv", 1, 1, 3, 4)]
    [InlineData("pool:2", "MaxPool", 2, 0, 2, 0)]
    [InlineData("maxpool:3/s2", "MaxPool", 3, 0, 2, 0)]
    [InlineData("avgpool:2/s1", "AveragePool", 2, 0, 1, 0)]
    [InlineData("BN", "BatchNorm", 0, 0, 1, 0)]
    public void TryParse_EachForm_ReadsItsSettingsWithTheDocumentedDefaults(string text, string kindName, int size, int kernel, int stride, int padding)
    {
        LayerKind kind = Enum.Parse<LayerKind>(kindName);
        LayerSpec.TryParse(text, out LayerSpec spec, out string problem).Should().BeTrue(problem);

        (spec.Kind, spec.Size, spec.Kernel).Should().Be((kind, size, kernel));
        if (kind is LayerKind.Conv or LayerKind.MaxPool or LayerKind.AveragePool)
        {
            spec.EffectiveStride.Should().Be(stride);
        }

        if (kind == LayerKind.Conv)
        {
            spec.EffectivePadding.Should().Be(padding, "'same' padding (k - 1)/2 for odd kernels, 0 for even ones, unless /p says");
        }
    }

    [Theory]
    [InlineData("conv:32x5,pool:2,conv:64x5,pool:2,128", "conv:32x5,pool:2,conv:64x5,pool:2,128")]
    [InlineData("conv:32x5/p2/s1,maxpool:2/s2,bn,256,10", "conv:32x5,pool:2,bn,256,10")]
    [InlineData("conv:32x5/p0,avgpool:3/s2,bn", "conv:32x5/p0,avgpool:3/s2,bn")]
    [InlineData("conv:8x4/p2", "conv:8x4/p2")]
    public void Describe_ParsedList_GivesTheShortestFormThatReadsTheSame(string text, string shortest)
    {
        LayerSpec.TryParseList(text, out LayerSpec[] specs, out string problem).Should().BeTrue(problem);

        LayerSpec.Describe(specs).Should().Be(shortest);
        LayerSpec.TryParseList(shortest, out LayerSpec[] again, out _).Should().BeTrue();
        again.Select(Settings).Should().Equal(specs.Select(Settings), "the shortest form reads as the same layers");
    }

    [Theory]
    [InlineData("conv", "a convolution is conv:CHANNELSxKERNEL[/sSTRIDE][/pPAD], such as conv:32x5 or conv:16x3/s2/p0; '' is not CHANNELSxKERNEL")]
    [InlineData("relu", "'relu' is not a layer; expected a dense width N, conv:")]
    [InlineData("conv:", "'' is not CHANNELSxKERNEL")]
    [InlineData("conv:32", "'32' is not CHANNELSxKERNEL")]
    [InlineData("conv:32x5x5", "is not CHANNELSxKERNEL")]
    [InlineData("conv:0x5", "CHANNELS must be a whole number of at least 1, but '0' is smaller than 1")]
    [InlineData("conv:32x0", "KERNEL must be a whole number of at least 1, but '0' is smaller than 1")]
    [InlineData("conv:32x1.5", "KERNEL must be a whole number of at least 1, but '1.5' is not a whole number")]
    [InlineData("conv:32x5/s0", "STRIDE must be a whole number of at least 1, but '0' is smaller than 1")]
    [InlineData("conv:32x5/p-1", "PAD must be a whole number of at least 0, but '-1' is smaller than 0")]
    [InlineData("conv:32x5/q2", "'/q2' is not a setting (expected /sSTRIDE or /pPAD)")]
    [InlineData("conv:32x5/s2/s3", "'/s3' repeats a setting")]
    [InlineData("conv:99999999999x3", "'99999999999' is larger than 2147483647")]
    [InlineData("pool:0", "SIZE must be a whole number of at least 1, but '0' is smaller than 1")]
    [InlineData("pool:2/p1", "'/p1' is not a setting (expected /sSTRIDE)")]
    [InlineData("avgpool:", "SIZE must be a whole number of at least 1, but '' is an empty value")]
    [InlineData("bn:3", "batch normalization takes no settings: write bn")]
    [InlineData("dense:128", "'dense' is not a kind of layer; expected conv, pool, avgpool or bn")]
    [InlineData("0", "a dense layer's width must be a whole number of at least 1, but '0' is smaller than 1")]
    [InlineData("", "a dense layer's width must be a whole number of at least 1, but '' is an empty value")]
    [InlineData("12x", "a dense layer's width must be a whole number of at least 1, but '12x' is not a whole number")]
    public void TryParse_MalformedItem_SaysWhatIsWrong(string text, string problem)
    {
        LayerSpec.TryParse(text, out _, out string why).Should().BeFalse();

        why.Should().Contain(problem);
    }

    [Fact]
    public void TryParseList_ImageLayerAfterADenseOne_IsRefusedNamingTheItem()
    {
        LayerSpec.TryParseList("conv:8x3,128,pool:2", out _, out string problem).Should().BeFalse();

        problem.Should().StartWith("item 3 ('pool:2'): ").And.Contain("put them before the first dense layer");
    }

    private static (LayerKind, int, int, int, int) Settings(LayerSpec s) =>
        (s.Kind, s.Size, s.Kernel, s.IsImageLayer ? s.EffectiveStride : 0, s.Kind == LayerKind.Conv ? s.EffectivePadding : 0);
}
