using NeuralNet.Data;
using MnistTrainer.Options;

namespace MnistTrainer.Display;

/// <summary>How the console states what a training set is for: its shape, and the task when it is a regression.</summary>
internal static class TaskLine
{
    /// <summary>The set's shape: <c>784 features, 10 classes</c> or <c>3 features, 1 target</c>.</summary>
    public static string Shape(Dataset train) => train.Task == DatasetTask.Regression
        ? $"{train.FeatureCount} features, {train.TargetCount} target{(train.TargetCount == 1 ? "" : "s")}"
        : $"{train.FeatureCount} features, {train.ClassCount} classes";

    /// <summary>One line before training that says a regression is trained and why; null for a classification.</summary>
    /// <param name="train">The training set.</param>
    /// <param name="settings">The data options: whether <c>--task</c> asked for it or the labels' values made it.</param>
    public static string? For(Dataset train, DataSettings settings)
    {
        if (train.Task != DatasetTask.Regression)
        {
            return null;
        }

        string column = settings.LabelColumn is { } label ? $"the label column {ErrorReport.Safe(label)}" : "the label column";
        string why = settings.Task == DatasetTask.Regression
            ? "as --task regression asks"
            : $"detected: {column} holds numbers with fractions; --task classification would treat them as classes";
        return $"Task: regression of {column} ({why}); an identity output trained with the mean squared error, tested by R², RMSE and MAE.";
    }
}
