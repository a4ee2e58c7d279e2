using NeuralNet.Activations;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Randomness;
using NeuralNet.Tests.Compute;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Layers;

// With the backend tests, alone, as the other allocation tests: ForwardBackward_AfterWarmUp_AllocateNothing counts this
// thread's allocations, and beside other tests using the shared helper threads it once saw 7,648 stray bytes (one CI run
// in seven on 2026-12-07; never alone, in 3 runs of that test by itself and many of the whole suite).
[Collection(nameof(GlobalBackend))]
public sealed class DropoutTests
{
    [Theory]
    [InlineData(0.5f)]
    [InlineData(0.2f)]
    [InlineData(0.8f)]
    [InlineData(0.05f)]
    public void Forward_LargeBatch_KeepsAboutOneMinusRateAndScalesKeptValuesByExactlyOneOverOneMinusRate(float rate)
    {
        var layer = new Dropout(500, rate, seed: 3);
        Matrix<float> input = NonZero(500, 400, seed: 1);
        float scale = 1f / (1f - rate);

        Matrix<float> output = layer.Forward(input);

        float[] x = input.AsColumnMajorArray();
        float[] y = output.AsColumnMajorArray();
        int kept = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (y[i] != 0f)
            {
                kept++;
                y[i].Should().Be(x[i] * scale, $"value {i} is kept, so it is scaled by 1/(1 - {rate})");
            }
        }

        // The kept count is binomial(n, 1 − p): 5 standard deviations is a bound a correct layer crosses once in 3.5 million runs.
        double n = x.Length;
        double sigma = Math.Sqrt(rate * (1 - rate) / n);
        (kept / n).Should().BeApproximately(1 - rate, 5 * sigma);
    }

    [Theory]
    [InlineData(0.5f)]
    [InlineData(0.3f)]
    public void Forward_ConstantInput_PreservesTheExpectedValue(float rate)
    {
        var layer = new Dropout(1000, rate, seed: 8);
        Matrix<float> input = Matrix<float>.Build.Dense(1000, 200, 3f);

        double mean = layer.Forward(input).Enumerate().Average(v => (double)v);

        // Each output is 3/(1 − p) with probability 1 − p and 0 otherwise: mean 3, variance 9·p/(1 − p).
        double sigma = 3 * Math.Sqrt(rate / (1 - rate) / input.AsColumnMajorArray().Length);
        mean.Should().BeApproximately(3.0, 5 * sigma);
    }

    [Fact]
    public void Backward_AfterForward_AppliesTheSameScaledMask()
    {
        var layer = new Dropout(30, 0.4f, seed: 5);
        Matrix<float> input = NonZero(30, 20, seed: 2);
        float[] output = layer.Forward(input).AsColumnMajorArray().ToArray();
        Matrix<float> gradient = NonZero(30, 20, seed: 3);

        float[] inputGradient = layer.Backward(gradient).AsColumnMajorArray();

        float[] g = gradient.AsColumnMajorArray();
        for (int i = 0; i < g.Length; i++)
        {
            inputGradient[i].Should().Be(output[i] == 0f ? 0f : g[i] * (1f / 0.6f), $"value {i}");
        }
    }

    [Fact]
    public void Backward_FixedMask_MatchesCentralDifferences()
    {
        // Tanh on both sides: no kinks, so every parameter and input can be checked through the dropped and kept units.
        Network network = DenseDropoutDense();
        Matrix<float> inputs = TestMatrices.Random(5, 6, seed: 4);
        Matrix<float> targets = TestMatrices.OneHot(3, 6, seed: 7);

        List<string> mismatches = GradientChecker.Check(network, new CrossEntropyLoss(), inputs, targets, beforeForward: GradientChecker.FixedMasks(network));

        mismatches.Should().BeEmpty();
    }

    [Fact]
    public void Check_GradientThatIgnoresTheMask_Fails()
    {
        // Shows the check above can fail: the first layer's gradients as an unmasked backward pass computes them.
        Network network = DenseDropoutDense();
        Matrix<float> inputs = TestMatrices.Random(5, 6, seed: 4);
        Matrix<float> targets = TestMatrices.OneHot(3, 6, seed: 7);
        network.IsTraining = false;
        network.Forward(inputs);
        network.Backward(new CrossEntropyLoss(), targets);
        var first = (DenseLayer)network.Layers[0];
        float[] unmaskedWeights = first.Weights.Gradient.AsColumnMajorArray().ToArray();
        network.IsTraining = true;

        List<string> mismatches = GradientChecker.Check(
            network, new CrossEntropyLoss(), inputs, targets,
            corrupt: (parameter, index, gradient) => ReferenceEquals(parameter, first.Weights) ? unmaskedWeights[index] : gradient,
            beforeForward: GradientChecker.FixedMasks(network));

        mismatches.Should().NotBeEmpty();
    }

    [Fact]
    public void Check_MaskRedrawnOnEveryForward_Fails()
    {
        // Without fixing the masks the loss is a different function at every evaluation, which is why the helper exists.
        Network network = DenseDropoutDense();

        List<string> mismatches = GradientChecker.Check(network, new CrossEntropyLoss(), TestMatrices.Random(5, 6, seed: 4), TestMatrices.OneHot(3, 6, seed: 7));

        mismatches.Should().NotBeEmpty();
    }

    [Fact]
    public void ForwardAndBackward_NotTraining_AreCopies()
    {
        var layer = new Dropout(8, 0.5f, seed: 1) { IsTraining = false };
        Matrix<float> input = NonZero(8, 5, seed: 1);
        Matrix<float> gradient = NonZero(8, 5, seed: 2);

        Matrix<float> output = layer.Forward(input);
        Matrix<float> inputGradient = layer.Backward(gradient);

        output.Should().NotBeSameAs(input);
        output.AsColumnMajorArray().Should().Equal(input.AsColumnMajorArray());
        inputGradient.Should().NotBeSameAs(gradient);
        inputGradient.AsColumnMajorArray().Should().Equal(gradient.AsColumnMajorArray());
    }

    [Fact]
    public void ForwardAndBackward_RateZero_AreCopiesAndDrawNothing()
    {
        var layer = new Dropout(8, 0f, seed: 1);
        ulong[] before = State(layer);
        Matrix<float> input = NonZero(8, 5, seed: 1);
        Matrix<float> gradient = NonZero(8, 5, seed: 2);

        layer.Forward(input).AsColumnMajorArray().Should().Equal(input.AsColumnMajorArray());
        layer.Backward(gradient).AsColumnMajorArray().Should().Equal(gradient.AsColumnMajorArray());
        State(layer).Should().Equal(before);
    }

    [Fact]
    public void Infer_InTrainingMode_IsACopyAndDrawsNothing()
    {
        var layer = new Dropout(8, 0.5f, seed: 1);
        ulong[] before = State(layer);
        Matrix<float> input = NonZero(8, 5, seed: 1);
        Matrix<float> output = Matrix<float>.Build.Dense(8, 5);

        layer.Infer(input, output);

        output.AsColumnMajorArray().Should().Equal(input.AsColumnMajorArray());
        State(layer).Should().Equal(before);
    }

    [Fact]
    public void Forward_SameSeed_SameMasks()
    {
        var a = new Dropout(40, 0.5f, seed: 9);
        var b = new Dropout(40, 0.5f, seed: 9);
        var c = new Dropout(40, 0.5f, seed: 10);
        Matrix<float> ones = Matrix<float>.Build.Dense(40, 7, 1f);

        float[] first = a.Forward(ones).AsColumnMajorArray().ToArray();
        float[] second = a.Forward(ones).AsColumnMajorArray().ToArray();

        b.Forward(ones).AsColumnMajorArray().Should().Equal(first);
        b.Forward(ones).AsColumnMajorArray().Should().Equal(second);
        second.Should().NotEqual(first, "every Forward draws a new mask");
        c.Forward(ones).AsColumnMajorArray().Should().NotEqual(first);
    }

    [Fact]
    public void Forward_Mask_TakesSixteenBitsPerValueLowBitsFirst()
    {
        // The layout a saved generator state replays: value 4k + j keeps iff bits 16j..16j+15 of draw k reach p·2¹⁶.
        var layer = new Dropout(10, 0.25f, seed: 6);
        var random = new SeededRandom(6);
        ulong[] draws = [random.NextUInt64(), random.NextUInt64(), random.NextUInt64()];

        float[] mask = layer.Forward(Matrix<float>.Build.Dense(10, 1, 1f)).AsColumnMajorArray();

        float[] expected = [.. Enumerable.Range(0, 10).Select(i => ((draws[i / 4] >> (16 * (i % 4))) & 0xFFFF) >= 16384 ? 1f / 0.75f : 0f)];
        mask.Should().Equal(expected);
    }

    [Fact]
    public void Forward_RestoredGeneratorState_RepeatsTheMask()
    {
        // What a checkpoint relies on: the generator's state is all there is to a layer's sequence of masks.
        var layer = new Dropout(33, 0.5f, seed: 2);
        Matrix<float> ones = Matrix<float>.Build.Dense(33, 3, 1f); // 99 values: an odd count takes the tail path
        layer.Forward(ones);
        ulong[] state = State(layer);
        float[] mask = layer.Forward(ones).AsColumnMajorArray().ToArray();

        layer.Random.SetState(state);

        layer.Forward(ones).AsColumnMajorArray().Should().Equal(mask);
    }

    [Fact]
    public void Create_WithDropout_EachLayerDrawsItsOwnMasks()
    {
        Network network = Network.Create([10, 16, 16, 3], seed: 4, dropout: 0.5f);
        Network same = Network.Create([10, 16, 16, 3], seed: 4, dropout: 0.5f);
        Network other = Network.Create([10, 16, 16, 3], seed: 5, dropout: 0.5f);
        Matrix<float> ones = Matrix<float>.Build.Dense(16, 8, 1f);

        float[] first = Mask(network, 1, ones);
        float[] second = Mask(network, 3, ones);

        second.Should().NotEqual(first, "the two dropout layers are seeded apart");
        Mask(same, 1, ones).Should().Equal(first);
        Mask(same, 3, ones).Should().Equal(second);
        Mask(other, 1, ones).Should().NotEqual(first);
    }

    [Fact]
    public void ForwardBackward_AfterWarmUp_AllocateNothing()
    {
        var layer = new Dropout(800, 0.5f, seed: 1);
        Matrix<float> input = NonZero(800, 128, seed: 1);
        Matrix<float> gradient = NonZero(800, 128, seed: 2);
        Matrix<float> output = Matrix<float>.Build.Dense(800, 128);
        layer.Forward(input);
        layer.Backward(gradient);
        layer.Infer(input, output);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            layer.Forward(input);
            layer.Backward(gradient);
            layer.Backward(gradient, computeInputGradient: false);
            layer.Infer(input, output);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    [Fact]
    public void Forward_AlternatingBatchSizes_ReusesBuffers()
    {
        var layer = new Dropout(3, 0.5f);
        Matrix<float> first64 = layer.Forward(Matrix<float>.Build.Dense(3, 64));
        Matrix<float> first32 = layer.Forward(Matrix<float>.Build.Dense(3, 32));

        layer.Forward(Matrix<float>.Build.Dense(3, 64)).Should().BeSameAs(first64);
        layer.Forward(Matrix<float>.Build.Dense(3, 32)).Should().BeSameAs(first32);
    }

    [Fact]
    public void Layer_DescribesItselfAndHasNoParameters()
    {
        var layer = new Dropout(800, 0.5f);

        layer.ToString().Should().Be("Dropout(0.5)");
        new Dropout(4, 0.25f).ToString().Should().Be("Dropout(0.25)");
        layer.Parameters.Should().BeEmpty();
        layer.InputSize.Should().Be(800);
        layer.OutputSize.Should().Be(800);
        layer.Rate.Should().Be(0.5f);
    }

    [Theory]
    [InlineData(-0.1f, "-0.1")]
    [InlineData(1f, "1")]
    [InlineData(1.5f, "1.5")]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    public void Constructor_RateOutsideZeroToOne_ThrowsNamingTheValue(float rate, string shown)
    {
        Action act = () => _ = new Dropout(10, rate);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("rate").WithMessage($"*[0, 1)*but got {shown}.*");
    }

    [Fact]
    public void Constructor_SizeZero_ThrowsNamingTheValue()
    {
        Action act = () => _ = new Dropout(0, 0.5f);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("size").WithMessage("*'0'*");
    }

    [Fact]
    public void Backward_BeforeForward_ThrowsNamingLayer()
    {
        var layer = new Dropout(128, 0.5f);

        Action act = () => layer.Backward(Matrix<float>.Build.Dense(128, 1));

        act.Should().Throw<InvalidOperationException>().WithMessage("Backward was called before Forward on Dropout(0.5).");
    }

    [Fact]
    public void ShapeChecks_WrongShapes_ThrowNamingThem()
    {
        var layer = new Dropout(4, 0.5f);
        Action forward = () => layer.Forward(Matrix<float>.Build.Dense(5, 2));
        Action infer = () => layer.Infer(Matrix<float>.Build.Dense(4, 2), Matrix<float>.Build.Dense(4, 3));
        layer.Forward(Matrix<float>.Build.Dense(4, 2));
        Action backward = () => layer.Backward(Matrix<float>.Build.Dense(4, 5));

        forward.Should().Throw<ArgumentException>().WithMessage("Dropout(0.5) expects 4 features per sample but got a 5x2 batch.*");
        infer.Should().Throw<ArgumentException>().WithMessage("*4x2*4x3*");
        backward.Should().Throw<ArgumentException>().WithMessage("*4x2*4x5*");
    }

    /// <summary>5 → 6 (tanh) → Dropout(0.5) → 3 (softmax).</summary>
    private static Network DenseDropoutDense() => new(
        new DenseLayer(5, 6, new Tanh(), random: new SeededRandom(1)),
        new Dropout(6, 0.5f, seed: 3),
        new DenseLayer(6, 3, new Softmax(), random: new SeededRandom(2)));

    /// <summary>Values in [0.5, 1.5) with random signs, so a zero in the output can only be a dropped value.</summary>
    private static Matrix<float> NonZero(int rows, int columns, int seed)
    {
        var random = new SeededRandom(seed);
        return Matrix<float>.Build.Dense(rows, columns, (_, _) => (0.5f + random.NextSingle()) * (random.NextInt(2) == 0 ? -1f : 1f));
    }

    private static ulong[] State(Dropout layer)
    {
        var state = new ulong[SeededRandom.StateLength];
        layer.Random.GetState(state);
        return state;
    }

    private static float[] Mask(Network network, int layer, Matrix<float> ones) =>
        network.Layers[layer].Forward(ones).AsColumnMajorArray().ToArray();
}
