using NeuralNet.Data;
using NeuralNet.Losses;

namespace NeuralNet.Training;

/// <summary>Evaluates a network on a labelled dataset: <c>network.Evaluate(test)</c>.</summary>
/// <remarks>An extension member (with <c>using NeuralNet.Training;</c>): the network knows nothing of datasets or metrics.</remarks>
public static class NetworkEvaluation
{
    extension(Network network)
    {
        /// <summary>Evaluates the network on a labelled dataset: mean loss, accuracy, confusion matrix, per-class precision, recall and F1.</summary>
        /// <remarks>Runs the inference pass (no dropout) in chunks of 1,024 samples; a dataset loaded with another scaling than
        /// <see cref="Network.InputScaling"/> is rescaled first, so the answer is what <c>Predict</c> would give on the raw inputs.</remarks>
        /// <param name="data">Labelled samples with <see cref="Network.InputSize"/> features.</param>
        /// <param name="loss">The loss to report; default <see cref="CrossEntropyLoss"/>.</param>
        /// <exception cref="ArgumentException">The dataset has no labels, another feature count, or labels beyond <see cref="Network.OutputSize"/>.</exception>
        public Evaluation Evaluate(Dataset data, Loss? loss = null) => Evaluator.Evaluate(network, data, loss);
    }
}
