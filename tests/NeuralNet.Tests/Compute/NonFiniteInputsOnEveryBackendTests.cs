using NeuralNet.Compute;
using NeuralNet.Initializers;
using NeuralNet.Layers;
using NeuralNet.Preprocessing;

namespace NeuralNet.Tests.Compute;

// A batch's inputs are checked for NaN and infinities on the first layer's pre-activations, which relies on every
// product engine carrying a non-finite input into its column (no engine may skip a zero weight and drop 0·∞; skipping
// zero inputs, as the sparse kernel does, is fine). Each engine this machine has is tried on MNIST's shapes, with the bad
// feature's weights all 0 and 1/255 folded in, on dense inputs and on pictures (mostly zeros: the sparse kernel).
[Collection(nameof(GlobalBackend))]
public sealed class NonFiniteInputsOnEveryBackendTests : IDisposable
{
    public void Dispose() => ComputeBackend.Reset();

    public static TheoryData<string> Engines() => ["managed", "libopenblas.so.0", BlasChoiceTests.ReferenceBlas];

    [Theory]
    [MemberData(nameof(Engines))]
    public void Predict_BatchWithANonFiniteFeatureWhoseWeightsAreZero_ThrowsNamingIt(string engine)
    {
        if (engine == "managed")
        {
            ComputeBackend.UseManaged();
        }
        else if (ComputeBackend.TryLoadNative(engine) is null)
        {
            return; // not on this machine
        }
        else
        {
            ComputeBackend.UseNative(engine);
        }

        Network network = Network.Create([784, 128, 10], initializer: Initializer.PyTorchDefault, seed: 3);
        network.InputScaling = InputScaling.UnitRange;
        Matrix<float> weights = ((DenseLayer)network.Layers[0]).Weights.Value;
        for (int row = 0; row < 128; row++)
        {
            weights[row, 700] = 0f;
        }

        var random = new Random(5);
        Matrix<float> dense = Matrix<float>.Build.Dense(784, 300, (_, _) => random.Next(256));
        foreach (Matrix<float> batch in new[] { dense, SparseProductChecks.Pictures(random, 784, 300) })
        {
            batch[783, 1] = 0f; // the pictures' own infinity
            batch[392, 150] = 0f; // and NaN
            foreach ((float bad, string described) in new[] { (float.NaN, "NaN"), (float.PositiveInfinity, "+infinity"), (float.NegativeInfinity, "-infinity") })
            {
                batch[700, 217] = bad;

                Action predict = () => network.Predict(batch);

                predict.Should().Throw<ArgumentException>().WithMessage($"Sample 217 has {described} at feature 700;*", ComputeBackend.Current.ToString());
            }

            batch[700, 217] = 0f;
            network.Predict(batch).Should().HaveCount(300, "finite inputs pass");
        }
    }
}
