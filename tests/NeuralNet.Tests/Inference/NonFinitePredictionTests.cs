using NeuralNet.Layers;
using NeuralNet.Preprocessing;
using NeuralNet.Serialization;

namespace NeuralNet.Tests.Inference;

/// <summary>NaN and infinities in prediction: refused in the inputs naming where, and named at their parameter when a model holds them.</summary>
public sealed class NonFinitePredictionTests
{
    [Fact]
    public void Predict_SampleWithNaN_ThrowsNamingTheFeature()
    {
        Network network = Network.Create([4, 3, 2], seed: 1);
        float[] sample = [0.1f, float.NaN, 0.3f, 0.4f];

        Action predict = () => network.Predict(sample);

        predict.Should().Throw<ArgumentException>().WithMessage("Sample 0 has NaN at feature 1; Network(4-3-2) predicts from finite values only*");
    }

    [Fact]
    public void PredictProbabilities_BatchWithAnInfinity_ThrowsNamingSampleAndFeature()
    {
        Network network = Network.Create([4, 3, 2], seed: 1);
        Matrix<float> batch = Matrix<float>.Build.Dense(4, 3, 0.5f);
        batch[2, 1] = float.NegativeInfinity;

        Action predict = () => network.PredictProbabilities(batch);

        predict.Should().Throw<ArgumentException>().WithMessage("Sample 1 has -infinity at feature 2;*");
    }

    // The batch check is read off the first layer's pre-activations: these are the cases where a product could hide a
    // bad feature (its weights all 0, −∞ into ReLU, terms of both signs, the folded 1/255 scale, a zero scale) and must not.
    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "+infinity")]
    [InlineData(float.NegativeInfinity, "-infinity")]
    public void Predict_BatchWithANonFiniteFeature_ThrowsNamingIt_EvenWhereTheProductsCouldHideIt(float bad, string described)
    {
        foreach (bool zeroColumn in new[] { false, true })
        {
            foreach (InputScaling scaling in new[] { InputScaling.None, InputScaling.UnitRange, InputScaling.Affine("affine", [0f], [0f]), InputScaling.Affine("affine", [2f, 0.5f, 1f, 3f], [0f, 1f, 0f, -1f]) })
            {
                Network network = Network.Create([4, 3, 2], seed: 1);
                network.InputScaling = scaling;
                if (zeroColumn)
                {
                    DenseLayer first = (DenseLayer)network.Layers[0];
                    for (int row = 0; row < 3; row++)
                    {
                        first.Weights.Value[row, 3] = 0f; // feature 3 feeds nothing
                    }
                }

                Matrix<float> batch = Matrix<float>.Build.Dense(4, 5, (i, j) => (i + j) * 10f);
                batch[3, 2] = bad;
                batch[0, 4] = float.NaN; // a later one: the message names the first

                Action predict = () => network.Predict(batch);

                predict.Should().Throw<ArgumentException>().WithMessage($"Sample 2 has {described} at feature 3;*", $"zero column {zeroColumn}, scaling {scaling}");
            }
        }
    }

    [Fact]
    public void Predict_BatchWithFeaturesOfBothInfinities_ThrowsNamingTheFirst()
    {
        Network network = Network.Create([4, 3, 2], seed: 1);
        Matrix<float> batch = Matrix<float>.Build.Dense(4, 2, 1f);
        batch[0, 1] = float.PositiveInfinity;
        batch[1, 1] = float.NegativeInfinity;

        Action predict = () => network.Predict(batch);

        predict.Should().Throw<ArgumentException>().WithMessage("Sample 1 has +infinity at feature 0;*");
    }

    [Fact]
    public void Predict_InfiniteFirstLayerWeight_ThrowsNamingTheParameterNotTheInputs()
    {
        Network network = Network.Create([4, 3, 2], seed: 1);
        ((DenseLayer)network.Layers[0]).Weights.Value[1, 2] = float.PositiveInfinity;

        Action predict = () => network.Predict(Matrix<float>.Build.Dense(4, 3, 0.5f));

        predict.Should().Throw<InvalidOperationException>()
            .WithMessage("*because parameter weights 3x4 of layer 0 (DenseLayer(4->3, ReLU)) holds +infinity at index 7*");
    }

    [Fact]
    public void Predict_LoadedModelWithANaNParameter_ThrowsNamingTheParameter()
    {
        Network network = Network.Create([4, 3, 2], seed: 1);
        network.Parameters[2].ValueSpan[5] = float.NaN; // the second layer's weights
        using var file = new MemoryStream();
        network.Save(file);
        file.Position = 0;
        Network loaded = Network.Load(file);

        Action predict = () => loaded.Predict([0.1f, 0.2f, 0.3f, 0.4f]);

        predict.Should().Throw<InvalidOperationException>()
            .WithMessage("*non-finite output for sample 0 because parameter weights 2x3 of layer 1 (DenseLayer(3->2, Softmax)) holds NaN at index 5*damaged*");
    }

    [Fact]
    public void Predict_FiniteButEnormousInputs_SaysTheProductsOverflowed()
    {
        Network network = Network.Create([4, 3, 2], seed: 1);

        Action predict = () => network.Predict([3e38f, 3e38f, 3e38f, 3e38f]);

        predict.Should().Throw<InvalidOperationException>().WithMessage("*from finite inputs and parameters: the products overflowed*");
    }
}
