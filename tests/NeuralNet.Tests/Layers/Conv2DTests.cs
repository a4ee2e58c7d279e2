using NeuralNet.Activations;
using NeuralNet.Initializers;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Randomness;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Layers;

public sealed class Conv2DTests
{
    public static TheoryData<int, int, int, int, int, int, int> Geometries() => new()
    {
        // channels, height, width, filters, kernel, stride, padding
        { 1, 5, 5, 2, 3, 1, 0 },
        { 2, 6, 4, 3, 3, 1, 1 },   // non-square input, padding keeps the size
        { 2, 7, 5, 3, 3, 2, 1 },   // stride 2 with padding, odd sizes
        { 3, 5, 6, 2, 2, 2, 0 },   // even kernel, stride 2, a dropped last column
        { 2, 4, 4, 3, 1, 1, 0 },   // 1×1: the lowering is the input itself
        { 1, 3, 4, 2, 5, 1, 2 },   // a kernel larger than the input, inside the padding
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Backward_RandomBatch_MatchesCentralDifferences(int channels, int height, int width, int filters, int kernel, int stride, int padding)
    {
        var conv = new Conv2D(new SampleShape(channels, height, width), filters, kernel, new Tanh(), stride, padding, random: new SeededRandom(3));
        var network = new Network(conv, new DenseLayer(conv.OutputSize, 3, new Softmax(), random: new SeededRandom(4)));
        Matrix<float> inputs = TestMatrices.Random(conv.InputSize, 3, seed: 5);

        GradientChecker.Check(network, new CrossEntropyLoss(), inputs, TestMatrices.OneHot(3, 3, seed: 6)).Should().BeEmpty();
    }

    [Fact]
    public void Backward_TwoConvolutionsWithReluAndBiases_MatchesCentralDifferences()
    {
        // A conv feeding a conv: the second one's input gradient (col2im) is what trains the first.
        // Seeds chosen so that no ReLU pre-activation lies within the checker's margin of its kink.
        var first = new Conv2D(new SampleShape(1, 4, 5), 2, 3, new Relu(), initializer: Initializer.PyTorchDefault, random: new SeededRandom(1));
        var second = new Conv2D(first.OutputShape, 3, 2, new Tanh(), padding: 1, initializer: Initializer.PyTorchDefault, random: new SeededRandom(12));
        var network = new Network(first, second, new DenseLayer(second.OutputSize, 4, new Softmax(), random: new SeededRandom(13)));
        Matrix<float> inputs = TestMatrices.Random(first.InputSize, 2, seed: 1001);

        GradientChecker.Check(network, new CrossEntropyLoss(), inputs, TestMatrices.OneHot(4, 2, seed: 18)).Should().BeEmpty();
    }

    [Fact]
    public void Check_WrongConvolutionWeightGradient_Fails()
    {
        var conv = new Conv2D(new SampleShape(2, 5, 4), 3, 3, new Tanh(), padding: 1, random: new SeededRandom(3));
        var network = new Network(conv, new DenseLayer(conv.OutputSize, 3, new Softmax(), random: new SeededRandom(4)));
        Matrix<float> inputs = TestMatrices.Random(conv.InputSize, 3, seed: 5);

        List<string> mismatches = GradientChecker.Check(
            network, new CrossEntropyLoss(), inputs, TestMatrices.OneHot(3, 3, seed: 6),
            corrupt: (parameter, index, gradient) => ReferenceEquals(parameter, conv.Weights) ? gradient * 1.1f : gradient);

        mismatches.Should().NotBeEmpty().And.OnlyContain(m => m.StartsWith("weights 18x3", StringComparison.Ordinal));
    }

    [Fact]
    public void Forward_HandComputedExample_MatchesDefinition()
    {
        // One 1×3×3 input, one 2×2 filter, stride 1, no padding: every output is a dot product written out by hand.
        var conv = new Conv2D(new SampleShape(1, 3, 3), 1, 2, new Identity());
        float[] filter = [1f, 2f, 3f, 4f]; // rows (ky, kx): (0,0) (0,1) (1,0) (1,1)
        filter.CopyTo(conv.Weights.ValueSpan);
        conv.Biases.ValueSpan[0] = 0.5f;
        Matrix<float> x = Matrix<float>.Build.Dense(9, 1, [1, 2, 3, 4, 5, 6, 7, 8, 9]);

        Matrix<float> y = conv.Forward(x);

        // (0,0): 1·1 + 2·2 + 3·4 + 4·5 = 37; (0,1): 1·2 + 2·3 + 3·5 + 4·6 = 47; (1,0): 67; (1,1): 77; each + 0.5.
        y.Column(0).ToArray().Should().Equal(37.5f, 47.5f, 67.5f, 77.5f);
        conv.OutputShape.Should().Be(new SampleShape(1, 2, 2));
    }

    [Fact]
    public void Forward_PaddingAndStride_GiveTheDocumentedOutputShape()
    {
        new Conv2D(new SampleShape(1, 28, 28), 32, 5, new Relu(), padding: 2).OutputShape.Should().Be(new SampleShape(32, 28, 28));
        new Conv2D(new SampleShape(3, 7, 5), 4, 3, new Relu(), stride: 2, padding: 1).OutputShape.Should().Be(new SampleShape(4, 4, 3));
        new Conv2D(new SampleShape(3, 7, 5), 4, 3, new Relu(), stride: 2).OutputShape.Should().Be(new SampleShape(4, 3, 2));
    }

    [Fact]
    public void Infer_AnyBatch_EqualsForwardBitForBit()
    {
        var conv = new Conv2D(new SampleShape(3, 9, 7), 5, 3, new Relu(), padding: 1, random: new SeededRandom(2));
        Matrix<float> x = TestMatrices.Random(conv.InputSize, 7, seed: 3);
        Matrix<float> inferred = Matrix<float>.Build.Dense(conv.OutputSize, 7);

        conv.Infer(x, inferred);

        inferred.Should().Be(conv.Forward(x));
    }

    [Fact]
    public void Constructor_FanIn_IsChannelsTimesKernelArea()
    {
        // He: N(0, 2/fan_in) with fan_in = 8·5·5 = 200, so the weights' standard deviation is 0.1.
        var conv = new Conv2D(new SampleShape(8, 12, 12), 64, 5, new Relu(), random: new SeededRandom(1));
        float[] w = conv.Weights.ValueSpan.ToArray();
        double std = Math.Sqrt(w.Select(v => (double)v * v).Average());

        conv.Weights.Value.RowCount.Should().Be(200);
        conv.Weights.Value.ColumnCount.Should().Be(64);
        std.Should().BeApproximately(0.1, 0.005);
        conv.Biases.ValueSpan.ToArray().Should().OnlyContain(b => b == 0f);
    }

    [Fact]
    public void Constructor_KernelLargerThanPaddedInput_ThrowsWithSizes()
    {
        Action act = () => _ = new Conv2D(new SampleShape(1, 3, 8), 2, 5, new Relu());

        act.Should().Throw<ArgumentException>().WithMessage("*5×5*1×3×8*padding 0*");
    }

    [Fact]
    public void ToString_ShowsChannelsKernelStridePaddingAndActivation()
    {
        new Conv2D(new SampleShape(1, 28, 28), 32, 5, new Relu(), padding: 2).ToString().Should().Be("Conv2D(1->32, 5×5, pad 2, ReLU)");
        new Conv2D(new SampleShape(16, 14, 14), 32, 3, new Relu(), stride: 2).ToString().Should().Be("Conv2D(16->32, 3×3, stride 2, ReLU)");
    }

    [Fact]
    public void Forward_WrongInputSize_ThrowsNamingTheLayer()
    {
        var conv = new Conv2D(new SampleShape(1, 28, 28), 4, 5, new Relu());

        Action act = () => conv.Forward(Matrix<float>.Build.Dense(100, 2));

        act.Should().Throw<ArgumentException>().WithMessage("Conv2D(1->4, 5×5, ReLU) expects 784 features per sample but got a 100x2 batch.*");
    }
}
