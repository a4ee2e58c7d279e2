using NeuralNet.Activations;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Randomness;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Layers;

public sealed class PoolingTests
{
    public static TheoryData<int, int, int, int, int> Geometries() => new()
    {
        // channels, height, width, size, stride
        { 2, 4, 4, 2, 2 },
        { 1, 5, 7, 2, 2 },  // non-square, odd: the last row and column are under no window
        { 2, 5, 5, 3, 2 },  // overlapping windows
        { 1, 4, 6, 2, 1 },  // stride 1: every inner value is in four windows
        { 3, 3, 4, 3, 3 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void MaxPoolBackward_DistinctValues_MatchesCentralDifferences(int channels, int height, int width, int size, int stride)
    {
        var pool = new MaxPool2D(new SampleShape(channels, height, width), size, stride);
        var network = new Network(pool, new DenseLayer(pool.OutputSize, 3, new Softmax(), random: new SeededRandom(2)));

        GradientChecker.Check(network, new CrossEntropyLoss(), DistinctValues(pool.InputSize, 3, seed: 4), TestMatrices.OneHot(3, 3, seed: 5))
            .Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void AveragePoolBackward_RandomBatch_MatchesCentralDifferences(int channels, int height, int width, int size, int stride)
    {
        var pool = new AveragePool2D(new SampleShape(channels, height, width), size, stride);
        var network = new Network(pool, new DenseLayer(pool.OutputSize, 3, new Softmax(), random: new SeededRandom(2)));

        GradientChecker.Check(network, new CrossEntropyLoss(), TestMatrices.Random(pool.InputSize, 3, seed: 4), TestMatrices.OneHot(3, 3, seed: 5))
            .Should().BeEmpty();
    }

    [Fact]
    public void MaxPoolBackward_ConvolutionBelow_MatchesCentralDifferences()
    {
        // The input seed is one whose windows have no near-tie (the checker refuses those).
        var conv = new Conv2D(new SampleShape(1, 4, 6), 2, 3, new Identity(), padding: 1, random: new SeededRandom(7));
        var pool = new MaxPool2D(conv.OutputShape, 2);
        var network = new Network(conv, pool, new DenseLayer(pool.OutputSize, 3, new Softmax(), random: new SeededRandom(8)));

        GradientChecker.Check(network, new CrossEntropyLoss(), TestMatrices.Random(24, 2, seed: 6), TestMatrices.OneHot(3, 2, seed: 10))
            .Should().BeEmpty();
    }

    [Fact]
    public void Check_MaxPoolGradientToTheWrongInput_Fails()
    {
        // The negative control for pooling: route each gradient to the input after the argmax and the check must fail.
        var pool = new MisroutedMaxPool(new SampleShape(1, 4, 4));
        var network = new Network(pool, new DenseLayer(4, 3, new Softmax(), random: new SeededRandom(2)));

        GradientChecker.Check(network, new CrossEntropyLoss(), DistinctValues(16, 3, seed: 4), TestMatrices.OneHot(3, 3, seed: 5))
            .Should().Contain(m => m.StartsWith("input", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new float[] { 3, 5, 5, 1 }, 1)]     // equal maxima in one row: the left one
    [InlineData(new float[] { 5, 5, 5, 5 }, 0)]     // all equal: the top-left one
    [InlineData(new float[] { 1, 2, 7, 7 }, 2)]     // in the second row: its left one
    [InlineData(new float[] { 1, 7, 7, 0 }, 1)]     // across rows: the first row scanned comes first
    public void MaxPoolBackward_ExactTies_SendTheGradientToTheFirstMaximumInScanOrder(float[] window, int winner)
    {
        // One 2×2 window (rows (0,0) (0,1) (1,0) (1,1)), gradient 1: it all goes to one input, as in PyTorch.
        var pool = new MaxPool2D(new SampleShape(1, 2, 2), 2);
        pool.Forward(Matrix<float>.Build.Dense(4, 1, window));

        Matrix<float> dx = pool.Backward(Matrix<float>.Build.Dense(1, 1, 1f));

        dx.Column(0).ToArray().Should().Equal(Enumerable.Range(0, 4).Select(i => i == winner ? 1f : 0f));
    }

    [Fact]
    public void MaxPoolBackward_TieSharedByOverlappingWindows_AddsBothGradients()
    {
        // A 1×2×3 plane with 2×2 windows at stride 1: both windows hold the tie 9 at (0,1) and (1,1) and pick (0,1).
        var pool = new MaxPool2D(new SampleShape(1, 2, 3), 2, 1);
        pool.Forward(Matrix<float>.Build.Dense(6, 1, [1, 9, 2, 3, 9, 4]));

        Matrix<float> dx = pool.Backward(Matrix<float>.Build.Dense(2, 1, [0.25f, 0.5f]));

        dx.Column(0).ToArray().Should().Equal(0f, 0.75f, 0f, 0f, 0f, 0f);
    }

    [Fact]
    public void MaxPoolForward_NaNInAWindow_Propagates()
    {
        var pool = new MaxPool2D(new SampleShape(1, 2, 4), 2);

        Matrix<float> y = pool.Forward(Matrix<float>.Build.Dense(8, 1, [1, float.NaN, 5, 6, 2, 3, 7, 8]));

        float.IsNaN(y[0, 0]).Should().BeTrue();
        y[1, 0].Should().Be(8f);
    }

    [Fact]
    public void Forward_ChannelMajorColumn_PoolsEachPlaneOnItsOwn()
    {
        // Two channels of 2×4: channel 0 is 0..7, channel 1 is 10..17 (row-major inside each plane).
        Matrix<float> x = Matrix<float>.Build.Dense(16, 1, [0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17]);

        new MaxPool2D(new SampleShape(2, 2, 4), 2).Forward(x).Column(0).ToArray().Should().Equal(5f, 7f, 15f, 17f);
        new AveragePool2D(new SampleShape(2, 2, 4), 2).Forward(x).Column(0).ToArray().Should().Equal(2.5f, 4.5f, 12.5f, 14.5f);
    }

    [Fact]
    public void Infer_EqualsForwardBitForBit()
    {
        var max = new MaxPool2D(new SampleShape(3, 9, 8), 3, 2);
        var average = new AveragePool2D(new SampleShape(3, 9, 8), 3, 2);
        Matrix<float> x = TestMatrices.Random(max.InputSize, 5, seed: 1);
        Matrix<float> y = Matrix<float>.Build.Dense(max.OutputSize, 5);

        max.Infer(x, y);
        y.Should().Be(max.Forward(x));
        average.Infer(x, y);
        y.Should().Be(average.Forward(x));
    }

    [Fact]
    public void Constructor_WindowLargerThanPlane_ThrowsWithShape()
    {
        Action act = () => _ = new MaxPool2D(new SampleShape(4, 3, 10), 4);

        act.Should().Throw<ArgumentException>().WithMessage("*4×4*4×3×10*");
    }

    [Fact]
    public void ShapesAndNames_ReadLikeTheArchitecture()
    {
        var max = new MaxPool2D(new SampleShape(32, 28, 28), 2);
        var overlapping = new AveragePool2D(new SampleShape(8, 7, 7), 3, 2);

        max.OutputShape.Should().Be(new SampleShape(32, 14, 14));
        overlapping.OutputShape.Should().Be(new SampleShape(8, 3, 3));
        max.ToString().Should().Be("MaxPool2D(2)");
        overlapping.ToString().Should().Be("AveragePool2D(3, stride 2)");
    }

    /// <summary>Values at least 0.1 apart everywhere, in a random order, so no pooling window holds a near-tie.</summary>
    private static Matrix<float> DistinctValues(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        float[] values = [.. Enumerable.Range(0, rows * columns).Select(i => (i * 0.1f) - (rows * columns * 0.05f)).OrderBy(_ => random.Next())];
        return Matrix<float>.Build.Dense(rows, columns, values);
    }

    /// <summary>A 2×2 max pooling whose Backward sends each gradient one input past the argmax: a deliberately wrong gradient.</summary>
    private sealed class MisroutedMaxPool(SampleShape shape) : Layer
    {
        private readonly MaxPool2D _pool = new(shape, 2);

        public override int InputSize => _pool.InputSize;

        public override int OutputSize => _pool.OutputSize;

        public override IReadOnlyList<Parameter> Parameters => [];

        public override Matrix<float> Forward(Matrix<float> input) => _pool.Forward(input);

        public override Matrix<float>? Backward(Matrix<float> outputGradient, bool computeInputGradient)
        {
            Matrix<float> right = _pool.Backward(outputGradient)!;
            Matrix<float> shifted = Matrix<float>.Build.Dense(right.RowCount, right.ColumnCount);
            for (int j = 0; j < right.ColumnCount; j++)
            {
                for (int i = 0; i < right.RowCount; i++)
                {
                    shifted[(i + 1) % right.RowCount, j] = right[i, j];
                }
            }

            return shifted;
        }

        public override void Infer(Matrix<float> input, Matrix<float> output) => _pool.Infer(input, output);
    }
}
