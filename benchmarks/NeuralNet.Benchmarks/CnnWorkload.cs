using MathNet.Numerics.LinearAlgebra;
using NeuralNet.Activations;
using NeuralNet.Initializers;
using NeuralNet.Layers;
using NeuralNet.Losses;
using NeuralNet.Randomness;

namespace NeuralNet.Benchmarks;

/// <summary>The comparison's CNN and a synthetic MNIST-shaped batch: conv 5×5×32 (pad 2), ReLU, max-pool 2, conv 5×5×64 (pad 2), ReLU, max-pool 2, dense 128 (ReLU), dense 10 (softmax).</summary>
internal sealed class CnnWorkload
{
    public CnnWorkload(int batchSize, int seed = 1)
    {
        var random = new SeededRandom(seed);
        Initializer init = Initializer.PyTorchDefault;
        var conv1 = new Conv2D(new SampleShape(1, 28, 28), 32, 5, new Relu(), padding: 2, initializer: init, random: random);
        var pool1 = new MaxPool2D(conv1.OutputShape, 2);
        var conv2 = new Conv2D(pool1.OutputShape, 64, 5, new Relu(), padding: 2, initializer: init, random: random);
        var pool2 = new MaxPool2D(conv2.OutputShape, 2);
        Network = new Network(
            conv1, pool1, conv2, pool2,
            new DenseLayer(pool2.OutputSize, 128, new Relu(), init, random),
            new DenseLayer(128, 10, new Softmax(), init, random));
        Inputs = Workload.Pixels(784, batchSize, new Random(seed));
        Targets = Matrix<float>.Build.Dense(10, batchSize, (i, j) => i == j % 10 ? 1f : 0f);
    }

    public Network Network { get; }

    public Matrix<float> Inputs { get; }

    public Matrix<float> Targets { get; }

    public CrossEntropyLoss Loss { get; } = new();
}
