using NeuralNet.Activations;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Randomness;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Layers;

public sealed class BatchNormTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Backward_FlatFeatures_MatchesCentralDifferences(bool training)
    {
        // In training the gradient runs through the batch's mean and variance; at inference through constants.
        var norm = new BatchNorm(6);
        var network = new Network(
            new DenseLayer(5, 6, new Tanh(), random: new SeededRandom(1)),
            norm,
            new DenseLayer(6, 3, new Softmax(), random: new SeededRandom(2)));
        Randomize(norm, seed: 3);
        network.IsTraining = training;

        GradientChecker.Check(network, new CrossEntropyLoss(), TestMatrices.Random(5, 4, seed: 4), TestMatrices.OneHot(3, 4, seed: 5))
            .Should().BeEmpty();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Backward_PerChannelAfterConvolution_MatchesCentralDifferences(bool training)
    {
        var conv = new Conv2D(new SampleShape(2, 4, 5), 3, 3, new Tanh(), padding: 1, random: new SeededRandom(6));
        var norm = new BatchNorm(conv.OutputShape);
        var network = new Network(conv, norm, new DenseLayer(conv.OutputSize, 3, new Softmax(), random: new SeededRandom(7)));
        Randomize(norm, seed: 8);
        network.IsTraining = training;

        GradientChecker.Check(network, new CrossEntropyLoss(), TestMatrices.Random(40, 3, seed: 9), TestMatrices.OneHot(3, 3, seed: 10))
            .Should().BeEmpty();
    }

    [Fact]
    public void Check_GradientThatIgnoresTheBatchStatistics_Fails()
    {
        // The negative control: in training, dX = G·γ/σ (the inference formula) leaves out the terms through μ and σ².
        var norm = new InferenceGradientBatchNorm(6);
        var network = new Network(
            new DenseLayer(5, 6, new Tanh(), random: new SeededRandom(1)),
            norm,
            new DenseLayer(6, 3, new Softmax(), random: new SeededRandom(2)));

        GradientChecker.Check(network, new CrossEntropyLoss(), TestMatrices.Random(5, 4, seed: 4), TestMatrices.OneHot(3, 4, seed: 5))
            .Should().NotBeEmpty();
    }

    [Fact]
    public void Forward_Training_NormalizesEachChannelWithTheBiasedVarianceAndUpdatesRunningStatisticsAsPyTorch()
    {
        // Two channels of 1×2, two samples: channel 0 holds 1, 2 | 3, 6 and channel 1 holds 0, 0 | 4, 4.
        var norm = new BatchNorm(new SampleShape(2, 1, 2));
        Matrix<float> x = Matrix<float>.Build.Dense(4, 2, [1, 2, 0, 0, 3, 6, 4, 4]);

        Matrix<float> y = norm.Forward(x);

        // Channel 0: μ = 3, biased σ² = (4 + 1 + 0 + 9)/4 = 3.5, unbiased 14/3. Channel 1: μ = 2, σ² = 4, unbiased 16/3.
        float s0 = 1f / MathF.Sqrt(3.5f + 1e-5f);
        float s1 = 1f / MathF.Sqrt(4f + 1e-5f);
        y.Column(0).ToArray().Should().BeEquivalentTo(new[] { -2 * s0, -1 * s0, -2 * s1, -2 * s1 }, o => o.Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-6f)).WhenTypeIs<float>());
        y.Column(1).ToArray().Should().BeEquivalentTo(new[] { 0f, 3 * s0, 2 * s1, 2 * s1 }, o => o.Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-6f)).WhenTypeIs<float>());
        norm.RunningMean.ToArray().Should().Equal(0.1f * 3f, 0.1f * 2f);
        norm.RunningVariance[0].Should().BeApproximately(0.9f + (0.1f * 14f / 3f), 1e-6f);
        norm.RunningVariance[1].Should().BeApproximately(0.9f + (0.1f * 16f / 3f), 1e-6f);
    }

    [Fact]
    public void Forward_NotTraining_UsesTheRunningStatisticsAndLeavesThemAlone()
    {
        var norm = new BatchNorm(3) { IsTraining = false };
        norm.SetRunningStatistics([1f, -2f, 0.5f], [4f, 0.25f, 1f]);
        norm.Gamma.ValueSpan[1] = 3f;
        norm.Beta.ValueSpan[2] = 0.5f;
        Matrix<float> x = Matrix<float>.Build.Dense(3, 1, [3f, -1f, 0.5f]);

        Matrix<float> y = norm.Forward(x);

        y[0, 0].Should().BeApproximately(2f / MathF.Sqrt(4f + 1e-5f), 1e-6f);
        y[1, 0].Should().BeApproximately(3f * 1f / MathF.Sqrt(0.25f + 1e-5f), 1e-5f);
        y[2, 0].Should().BeApproximately(0.5f, 1e-6f);
        norm.RunningMean.ToArray().Should().Equal(1f, -2f, 0.5f);
        norm.RunningVariance.ToArray().Should().Equal(4f, 0.25f, 1f);
    }

    [Fact]
    public void Infer_EqualsForwardInInferenceModeAndTouchesNoStatistics()
    {
        var norm = new BatchNorm(new SampleShape(3, 4, 2));
        norm.Forward(TestMatrices.Random(24, 5, seed: 1, scale: 3f)); // move the running statistics away from 0 and 1
        Randomize(norm, seed: 2);
        float[] mean = norm.RunningMean.ToArray();
        Matrix<float> x = TestMatrices.Random(24, 6, seed: 3);
        Matrix<float> inferred = Matrix<float>.Build.Dense(24, 6);

        norm.Infer(x, inferred);
        norm.IsTraining = false;
        Matrix<float> forward = norm.Forward(x);

        inferred.Enumerate().Zip(forward.Enumerate()).Should().OnlyContain(p => Math.Abs(p.First - p.Second) <= 1e-5f);
        norm.RunningMean.ToArray().Should().Equal(mean);
    }

    [Fact]
    public void Forward_TrainingOnOneFlatSample_ThrowsSayingWhy()
    {
        var norm = new BatchNorm(4);

        Action act = () => norm.Forward(Matrix<float>.Build.Dense(4, 1));

        act.Should().Throw<ArgumentException>().WithMessage("BatchNorm(4)*more than one value per channel*batch of 1 sample*");
    }

    [Fact]
    public void SetRunningStatistics_NegativeVariance_Throws()
    {
        var norm = new BatchNorm(2);

        Action act = () => norm.SetRunningStatistics([0f, 0f], [1f, -1f]);

        act.Should().Throw<ArgumentException>().WithMessage("Running variance 1 of BatchNorm(2) is -1*");
    }

    [Fact]
    public void Parameters_AreGammaAndBetaOnly()
    {
        var norm = new BatchNorm(new SampleShape(16, 7, 7));

        norm.Parameters.Select(p => p.ToString()).Should().Equal("gamma 16x1", "beta 16x1");
        norm.ToString().Should().Be("BatchNorm(16×7×7)");
        norm.RunningVariance.ToArray().Should().OnlyContain(v => v == 1f);
    }

    private static void Randomize(BatchNorm norm, int seed)
    {
        // Away from γ = 1, β = 0, so that a gradient that mixes them up shows.
        var random = new SeededRandom(seed);
        for (int c = 0; c < norm.Channels; c++)
        {
            norm.Gamma.ValueSpan[c] = 0.5f + random.NextSingle();
            norm.Beta.ValueSpan[c] = random.NextSingle() - 0.5f;
        }

        norm.SetRunningStatistics(
            [.. Enumerable.Range(0, norm.Channels).Select(_ => random.NextSingle() - 0.5f)],
            [.. Enumerable.Range(0, norm.Channels).Select(_ => 0.5f + random.NextSingle())]);
    }

    /// <summary>Batch normalization whose training Backward uses the inference formula dX = G·γ/σ: a deliberately wrong gradient.</summary>
    private sealed class InferenceGradientBatchNorm(int features) : Layer
    {
        private readonly BatchNorm _norm = new(features);
        private Matrix<float>? _input;

        public override int InputSize => features;

        public override int OutputSize => features;

        public override IReadOnlyList<Parameter> Parameters => _norm.Parameters;

        public override Matrix<float> Forward(Matrix<float> input)
        {
            _input = input;
            return _norm.Forward(input);
        }

        public override Matrix<float>? Backward(Matrix<float> outputGradient, bool computeInputGradient)
        {
            _norm.Backward(outputGradient, computeInputGradient: false); // dγ and dβ are right
            int m = outputGradient.ColumnCount;
            Matrix<float> dx = Matrix<float>.Build.Dense(features, m);
            for (int f = 0; f < features; f++)
            {
                double mean = Enumerable.Range(0, m).Average(j => _input![f, j]);
                double variance = Enumerable.Range(0, m).Average(j => Math.Pow(_input![f, j] - mean, 2));
                for (int j = 0; j < m; j++)
                {
                    dx[f, j] = (float)(outputGradient[f, j] * _norm.Gamma.ValueSpan[f] / Math.Sqrt(variance + 1e-5));
                }
            }

            return dx;
        }

        public override void Infer(Matrix<float> input, Matrix<float> output) => _norm.Infer(input, output);
    }
}
