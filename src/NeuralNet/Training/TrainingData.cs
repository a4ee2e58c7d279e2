using NeuralNet.Activations;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Losses;

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

        CheckLoss(trainer, train);
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

        if (train.Task == DatasetTask.Regression && trainer.Options.EarlyStopping is { Metric: EarlyStoppingMetric.ValidationAccuracy })
        {
            throw new ArgumentException("TrainerOptions.EarlyStopping watches the validation accuracy, which a regression set does not have; watch the validation loss.", nameof(train));
        }

        if (epochInProgress is { } order && order.Length != train.Count)
        {
            throw new ArgumentException(
                $"This run stopped in the middle of an epoch over {order.Length} training samples; it cannot continue on a training set of {train.Count}.",
                nameof(train));
        }
    }

    /// <summary>Gives the network the training set's input scaling, so that <c>Predict</c> takes raw inputs, and its class and feature names when it has them.</summary>
    public static void Adopt(Network network, Dataset train)
    {
        network.InputScaling = train.Scaling;
        if (train.ClassNames is { } classes && classes.Count == network.OutputSize)
        {
            network.ClassNames = classes;
        }

        if (train.FeatureNames is { } features)
        {
            network.FeatureNames = features;
        }
    }

    // Cross-entropy compares class probabilities with labels; a squared error on class numbers through a linear output
    // treats 0…k−1 as quantities, which is almost always a label column meant as a regression target, or a mistake.
    private static void CheckLoss(Trainer trainer, Dataset train)
    {
        if (train.Task == DatasetTask.Regression && trainer.Loss is CrossEntropyLoss)
        {
            throw new ArgumentException(
                $"The training set has regression targets ({train}), but {trainer.Loss} compares class probabilities with class labels; train it with MeanSquaredErrorLoss.",
                nameof(train));
        }

        if (train.Task == DatasetTask.Classification && trainer.Loss is MeanSquaredErrorLoss && trainer.Network.Layers[^1] is DenseLayer { Activation: Identity })
        {
            throw new ArgumentException(
                $"MeanSquaredErrorLoss with an Identity output on class labels ({train}) would fit the one-hot codes of the classes as quantities; "
                + "for a regression, load the label column as a target (CsvOptions.Task = DatasetTask.Regression), and for a classifier use CrossEntropyLoss with a softmax output.",
                nameof(train));
        }
    }
}
