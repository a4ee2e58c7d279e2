using System.Text.Json;
using MnistTrainer.Options;
using MnistTrainer.Runs;
using NeuralNet.Data;
using NeuralNet.Layers;
using NeuralNet.Training;

namespace MnistTrainer.Report;

/// <summary>Writes <c>summary.json</c>: the run's results and configuration for scripts, in snake_case.</summary>
/// <remarks>
/// The top level always has <c>task</c> (<c>classification</c> or <c>regression</c>), <c>test_accuracy</c> (a fraction
/// 0–1; null for a regression, which has <c>test_r2</c>, <c>test_rmse</c> and <c>test_mae</c> instead), <c>test_loss</c>,
/// <c>epochs</c>, <c>train_seconds</c>, <c>samples_per_second</c> (the median over epochs, training only) and
/// <c>backend</c>; then the final epoch's figures, a classifier's per-class metrics (with the classes' names when they
/// have names), the configuration, the data and the files written.
/// </remarks>
internal static class SummaryWriter
{
    /// <summary>Writes the summary of <paramref name="facts"/> to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, RunFacts facts, IReadOnlyDictionary<string, string> files)
    {
        Trainer trainer = facts.Trainer;
        TrainingHistory history = trainer.History;
        RegressionMetrics? regression = facts.Test.Regression;
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("task", regression is null ? "classification" : "regression");
        Number(json, "test_accuracy", regression is null ? facts.Test.Accuracy : null);
        if (regression is not null)
        {
            Number(json, "test_r2", regression.RSquared);
            Number(json, "test_rmse", regression.RootMeanSquaredError);
            Number(json, "test_mae", regression.MeanAbsoluteError);
        }

        Number(json, "test_loss", facts.Test.Loss);
        json.WriteNumber("test_samples", facts.Test.Count);
        json.WriteNumber("epochs", history.Epochs.Count);
        json.WriteNumber("iterations", trainer.CompletedIterations);
        Number(json, "train_seconds", facts.TrainSeconds);
        Number(json, "wall_seconds", facts.WallSeconds);
        Number(json, "samples_per_second", facts.MedianSamplesPerSecond);
        json.WriteString("backend", facts.Backend);
        json.WriteString("stop_reason", StopReasonName(history.StopReason));
        if (history.BestEpoch is int best)
        {
            json.WriteNumber("best_epoch", best);
        }
        else
        {
            json.WriteNull("best_epoch");
        }

        if (history.Last is EpochRecord last)
        {
            Number(json, "final_train_loss", last.TrainLoss);
            Number(json, "final_train_accuracy", last.TrainAccuracy);
            Number(json, "final_validation_loss", last.ValidationLoss);
            Number(json, "final_validation_accuracy", last.ValidationAccuracy);
        }

        if (facts.Test.Confusion is ConfusionMatrix confusion)
        {
            Number(json, "macro_f1", confusion.MacroF1);
            JsonFigures.PerClass(json, confusion, trainer.Network.ClassNames);
        }

        WriteConfiguration(json, facts);
        WriteData(json, facts);

        json.WriteStartObject("files");
        foreach ((string key, string path) in files)
        {
            json.WriteString(key, path);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteConfiguration(Utf8JsonWriter json, RunFacts facts)
    {
        Trainer trainer = facts.Trainer;
        TrainerOptions options = trainer.Options;
        DenseLayer[] dense = [.. trainer.Network.Layers.OfType<DenseLayer>()];
        json.WriteStartObject("configuration");
        json.WriteString("network", trainer.Network.ToString());
        json.WriteStartArray("layers");
        json.WriteNumberValue(trainer.Network.InputSize);
        foreach (DenseLayer layer in dense)
        {
            json.WriteNumberValue(layer.OutputSize);
        }

        json.WriteEndArray();
        json.WriteString("layer_spec", LayerSpec.Describe(NetworkLayers.Hidden(trainer.Network)));
        json.WriteNumber("parameters", trainer.Network.ParameterCount);
        json.WriteString("hidden_activation", NetworkLayers.HiddenActivation(trainer.Network)?.Name);
        json.WriteString("output_activation", dense[^1].Activation.Name);
        json.WriteString("initializer", facts.Settings?.Initializer);
        json.WriteNumber("dropout", trainer.Network.Layers.OfType<Dropout>().Select(d => d.Rate).FirstOrDefault());
        json.WriteString("loss", trainer.Loss.Name);
        json.WriteString("optimizer", trainer.Optimizer.Name);
        if (facts.Settings is { } settings)
        {
            json.WriteNumber("learning_rate", settings.LearningRate);
        }
        else
        {
            json.WriteNull("learning_rate");
        }

        json.WriteString("schedule", options.Schedule.ToString());
        if (options.BatchSize == TrainerOptions.FullBatch)
        {
            json.WriteString("batch_size", "full");
        }
        else
        {
            json.WriteNumber("batch_size", options.BatchSize);
        }

        json.WriteNumber("epochs_planned", options.Epochs);
        if (options.Iterations is long iterations)
        {
            json.WriteNumber("iterations_planned", iterations);
        }
        else
        {
            json.WriteNull("iterations_planned");
        }

        json.WriteNumber("weight_decay", options.WeightDecay);
        if (options.EarlyStopping is { } early)
        {
            json.WriteNumber("early_stopping_patience", early.Patience);
        }
        else
        {
            json.WriteNull("early_stopping_patience");
        }

        json.WriteNumber("seed", options.Seed);
        json.WriteNumber("checkpoint_every", options.CheckpointEvery);
        json.WriteString("resumed_from", facts.ResumedFrom);
        json.WriteEndObject();
    }

    private static void WriteData(Utf8JsonWriter json, RunFacts facts)
    {
        json.WriteStartObject("data");
        json.WriteString("train", facts.Data.TrainSource);
        json.WriteNumber("train_samples", facts.Data.Train.Count);
        json.WriteNumber("validation_samples", facts.Data.Validation?.Count ?? 0);
        json.WriteString("test", facts.Data.TestSource);
        json.WriteNumber("features", facts.Data.Train.FeatureCount);
        if (facts.Data.Train.Task == DatasetTask.Regression)
        {
            json.WriteNumber("targets", facts.Data.Train.TargetCount);
            if (facts.Data.TargetScaling is { } scaling)
            {
                // The history's losses are of the standardized targets; the model predicts in the targets' units.
                Numbers(json, "target_means", scaling.Means);
                Numbers(json, "target_deviations", scaling.Deviations);
            }
        }
        else
        {
            json.WriteNumber("classes", facts.Data.Train.ClassCount);
            JsonFigures.ClassNames(json, facts.Trainer.Network.ClassNames);
        }

        if (facts.Data.Train.FeatureNames is { } features && Datasets.TableColumns.Of(facts.Data.Train) is not null)
        {
            json.WriteStartArray("feature_names");
            foreach (string feature in features)
            {
                json.WriteStringValue(feature);
            }

            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double? value) => JsonFigures.Number(json, name, value);

    private static void Numbers(Utf8JsonWriter json, string name, IReadOnlyList<float> values)
    {
        json.WriteStartArray(name);
        foreach (float value in values)
        {
            json.WriteNumberValue(value);
        }

        json.WriteEndArray();
    }

    private static string StopReasonName(StopReason reason) => reason switch
    {
        StopReason.Completed => "completed",
        StopReason.EarlyStopped => "early_stopped",
        StopReason.Cancelled => "cancelled",
        _ => "not_started",
    };
}
