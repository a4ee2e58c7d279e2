using NeuralNet.Data;

namespace NeuralNet.Training;

/// <summary>The trainer's checks that the datasets fit the network and the run, and what the network takes from the training set.</summary>
internal static class TrainingData
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the dataset and the sizes when a dataset does not fit.</summary>
    public static void Check(Trainer trainer, Dataset train, Dataset? validation, int[]? epochInProgress)
    {
        Evaluator.CheckFits(trainer.Network, train, nameof(train), "The training set");
        if (train.Count == 0)
        {
            throw new ArgumentException("The training set is empty.", nameof(train));
        }

        if (validation is not null)
        {
            Evaluator.CheckFits(trainer.Network, validation, nameof(validation), "The validation set");
        }
        else if (trainer.Options.EarlyStopping is { } early)
        {
            throw new ArgumentException(
                $"TrainerOptions.EarlyStopping watches the {(early.Metric == EarlyStoppingMetric.ValidationLoss ? "validation loss" : "validation accuracy")}, so Fit needs a validation set.",
                nameof(validation));
        }

        if (epochInProgress is { } order && order.Length != train.Count)
        {
            throw new ArgumentException(
                $"This run stopped in the middle of an epoch over {order.Length} training samples; it cannot continue on a training set of {train.Count}.",
                nameof(train));
        }
    }

    /// <summary>Gives the network the training set's input scaling, so that <c>Predict</c> takes raw inputs.</summary>
    public static void Adopt(Network network, Dataset train) => network.InputScaling = train.Scaling;
}
