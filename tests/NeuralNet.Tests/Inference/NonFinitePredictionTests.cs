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
