using NeuralNet;
using NeuralNet.Activations;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;

namespace MnistTrainer.Runs;

/// <summary>The end of a network that a training set asks for: softmax and cross-entropy over its classes, or an identity output and the mean squared error over its regression targets.</summary>
/// <remarks>
/// A saved model says which it is by its last layer: an <see cref="Identity"/> output predicts values (a regression),
/// anything else class probabilities. The library refuses the other pairings (cross-entropy on targets, MSE with an
/// identity output on class labels), so the task decides all three together.
/// </remarks>
/// <param name="Size">The output layer's units: the class count, or the targets per sample.</param>
/// <param name="Activation">The output activation.</param>
/// <param name="Loss">The training loss.</param>
internal sealed record OutputHead(int Size, Activation Activation, Loss Loss)
{
    /// <summary>The head for <paramref name="train"/>'s task.</summary>
    public static OutputHead For(Dataset train) => train.Task == DatasetTask.Regression
        ? new OutputHead(train.TargetCount, new Identity(), new MeanSquaredErrorLoss())
        : new OutputHead(train.ClassCount, new Softmax(), new CrossEntropyLoss());

    /// <summary>Whether <paramref name="network"/> predicts values (its output layer is the identity) rather than classes.</summary>
    public static bool IsRegression(Network network) => network.Layers[^1] is DenseLayer { Activation: Identity };

    /// <summary>The loss <paramref name="network"/> is evaluated with: the mean squared error for a regression, cross-entropy for a classifier.</summary>
    public static Loss LossOf(Network network) => IsRegression(network) ? new MeanSquaredErrorLoss() : new CrossEntropyLoss();
}
